package io.helpdesk.platform.web.paging;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.function.Function;

import org.bson.BsonBinaryReader;
import org.bson.BsonBinaryWriter;
import org.bson.Document;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

import io.helpdesk.platform.web.problem.Problem;
import io.helpdesk.platform.web.problem.ProblemException;

/**
 * Keyset paging over MongoDB: a list sorted by one field and then {@code _id}, both in one direction,
 * and an opaque cursor that names the last row a page showed. The next page is the rows after that
 * row in the sort, so a page costs the same at any depth (an index on the filter's equality fields,
 * the field and {@code _id} serves it) and rows inserted meanwhile neither repeat nor shift a page.
 *
 * <p>The cursor is the row's sort value and {@code _id} with the list's name and its order, as BSON in base64url:
 * not secret (the caller's filter still decides what the next page holds), only opaque. A cursor made
 * for another list or order, one whose values are not scalars (a document, an array, a regex: they
 * could act as operators in the filter), or one that is not a cursor at all, is refused as a 400
 * problem on {@code cursor}.
 * A missing or null sort value sorts first ascending and last descending, as MongoDB sorts it.
 */
public final class Keyset {

    /** The pattern of the {@code cursor} query parameter. */
    public static final String CURSOR_PATTERN = "^[A-Za-z0-9_-]{1,512}$";

    /** For the OpenAPI description of a {@code cursor} parameter. */
    public static final String CURSOR = "The 'next' of the previous page (also in its Link rel=\"next\"); the first page"
            + " when absent. Opaque: a cursor is valid only with the same sort.";

    /** For the OpenAPI description of a {@code total} parameter. */
    public static final String TOTAL = "true to count the whole list into 'total' (an extra query over every matching"
            + " row); null otherwise";

    private static final CodecRegistry CODECS = MongoClientSettings.getDefaultCodecRegistry();
    private static final DocumentCodec CODEC = new DocumentCodec(CODECS);

    private Keyset() {
    }

    /** The pattern of a {@code total} query parameter: only {@code true} or {@code false}, anything else is a 400. */
    public static final String TOTAL_PATTERN = "^(true|false)$";

    /**
     * A sort on {@code field}, then on {@code _id} in the same direction, of the list named {@code list}
     * (one name per route, so a cursor of one list is refused by another that sorts alike).
     */
    public record Order(String list, String field, boolean descending) {

        public Order {
            if (list == null || list.isBlank() || list.contains(":")) {
                throw new IllegalArgumentException("a list name without ':' is required: " + list);
            }
        }

        public static Order ascending(String list, String field) {
            return new Order(list, field, false);
        }

        public static Order descending(String list, String field) {
            return new Order(list, field, true);
        }

        /** The sort document: the field, then {@code _id}. */
        public Bson sort() {
            return descending ? Sorts.descending(field, "_id") : Sorts.ascending(field, "_id");
        }

        /** What a cursor names its order by: the list, then the direction and the field. */
        String name() {
            return list + ":" + (descending ? "-" : "+") + field;
        }
    }

    /** Whether {@code total} asks for the count: {@code "true"}; absent or {@code "false"} does not. */
    public static boolean total(String total) {
        return "true".equals(total);
    }

    /** Where a page starts: after the row with this sort value and id. */
    public record Position(Object value, Object id) {
    }

    /** One page: its rows and the cursor of the next one (null when this is the last). */
    public record Slice<T>(List<T> items, String next) {
    }

    /**
     * The filter for the rows after {@code position} in {@code order} (none when the position is null,
     * the first page).
     */
    public static Bson after(Order order, Position position) {
        if (position == null) {
            return Filters.empty();
        }
        String field = order.field();
        Object value = position.value();
        Object id = position.id();
        if (order.descending()) {
            if (value == null) {
                return Filters.and(Filters.eq(field, null), Filters.lt("_id", id));
            }
            return Filters.or(Filters.lt(field, value), Filters.and(Filters.eq(field, value), Filters.lt("_id", id)),
                    Filters.eq(field, null));
        }
        if (value == null) {
            return Filters.or(Filters.and(Filters.eq(field, null), Filters.gt("_id", id)), Filters.ne(field, null));
        }
        return Filters.or(Filters.gt(field, value), Filters.and(Filters.eq(field, value), Filters.gt("_id", id)));
    }

    /** The filter {@code filter} narrowed to the rows after the cursor (all of them when it is null). */
    public static Bson page(Bson filter, Order order, String cursor) {
        Position position = decode(order, cursor);
        return position == null ? filter : Filters.and(filter, after(order, position));
    }

    /**
     * A page from the rows read with {@code limit(size + 1)}: the first {@code size}, and a cursor after
     * the last of them when there was one more.
     */
    public static <T> Slice<T> slice(List<T> fetched, int size, Order order, Function<T, Object> value,
            Function<T, Object> id) {
        if (fetched.size() <= size) {
            return new Slice<>(List.copyOf(fetched), null);
        }
        List<T> items = List.copyOf(fetched.subList(0, size));
        T last = items.get(size - 1);
        return new Slice<>(items, encode(order, new Position(value.apply(last), id.apply(last))));
    }

    /** The cursor naming {@code position} in {@code order}. */
    public static String encode(Order order, Position position) {
        Document cursor = new Document("o", order.name()).append("v", position.value()).append("i", position.id());
        BasicOutputBuffer buffer = new BasicOutputBuffer();
        try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
            CODEC.encode(writer, cursor, EncoderContext.builder().build());
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.toByteArray());
    }

    /** The position a cursor names (null for a null cursor); a 400 problem when it is not one of {@code order}. */
    public static Position decode(Order order, String cursor) {
        if (cursor == null) {
            return null;
        }
        Document decoded;
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(cursor);
            try (BsonBinaryReader reader = new BsonBinaryReader(ByteBuffer.wrap(bytes))) {
                decoded = CODEC.decode(reader, DecoderContext.builder().build());
            }
        } catch (RuntimeException notBson) {
            throw refused("is not a cursor of this list");
        }
        if (!order.name().equals(decoded.get("o")) || !decoded.containsKey("v") || decoded.get("i") == null
                || decoded.size() != 3) {
            throw refused("belongs to another sort or list");
        }
        Object value = decoded.get("v");
        Object id = decoded.get("i");
        // Only a scalar goes into the filter: a document, an array, a regex or code could act as an operator.
        if ((value != null && !scalar(value)) || !scalar(id)) {
            throw refused("is not a cursor of this list");
        }
        return new Position(value, id);
    }

    private static boolean scalar(Object value) {
        return value instanceof String || value instanceof Integer || value instanceof Long || value instanceof Double
                || value instanceof Decimal128 || value instanceof Boolean || value instanceof Date
                || value instanceof ObjectId;
    }

    private static ProblemException refused(String why) {
        return new ProblemException(400, Problem.BLANK, null,
                "The cursor " + why + ": start again without one, or with the 'next' of a page of the same list.",
                new ArrayList<>(List.of(new Problem.FieldError("cursor", why))), null);
    }
}
