package io.helpdesk.platform.web.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import org.bson.BsonBinaryWriter;
import org.bson.BsonRegularExpression;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.Binary;
import org.bson.types.Code;
import org.bson.types.CodeWithScope;
import org.bson.types.Decimal128;
import org.bson.types.MaxKey;
import org.bson.types.MinKey;
import org.bson.types.ObjectId;
import org.bson.types.Symbol;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.helpdesk.platform.web.problem.ProblemException;

/** Keyset paging against a MongoDB-wire server: every row once, in order, at any depth, nulls included. */
class KeysetTest {

    private static MongoServer server;
    private static MongoClient client;
    private MongoCollection<Document> rows;

    @BeforeAll
    static void start() {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create("mongodb://" + server.bind().getHostString() + ":" + server.getLocalAddress().getPort());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.shutdownNow();
    }

    @BeforeEach
    void fill() {
        rows = client.getDatabase("keyset").getCollection("rows");
        rows.drop();
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < 47; i++) {
            // Ties (every third row shares its time with the next) and missing values (every fifth row).
            Document row = new Document("_id", String.format("r%03d", (i * 37) % 47)).append("n", i);
            if (i % 5 != 0) {
                row.append("at", Date.from(start.plusSeconds(i / 3)));
            }
            documents.add(row);
        }
        rows.insertMany(documents);
    }

    private List<String> all(Keyset.Order order, Bson filter, int size) {
        List<Document> expected = rows.find(filter).sort(order.sort()).into(new ArrayList<>());
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            List<Document> fetched = rows.find(Keyset.page(filter, order, cursor)).sort(order.sort()).limit(size + 1)
                    .into(new ArrayList<>());
            Keyset.Slice<Document> slice = Keyset.slice(fetched, size, order, d -> d.get(order.field()), d -> d.get("_id"));
            slice.items().forEach(d -> seen.add(d.getString("_id")));
            cursor = slice.next();
            assertTrue(++pages <= expected.size() + 1, "paging ends");
        } while (cursor != null);
        assertEquals(expected.stream().map(d -> d.getString("_id")).toList(), seen);
        return seen;
    }

    @Test
    void pagingByCursorVisitsEveryRowOnceInTheSortOrderInBothDirectionsWithTiesAndMissingValues() {
        for (int size : new int[] { 1, 4, 10, 47, 100 }) {
            assertEquals(47, all(Keyset.Order.descending("rows", "at"), Filters.empty(), size).size());
            assertEquals(47, all(Keyset.Order.ascending("rows", "at"), Filters.empty(), size).size());
        }
        assertEquals(23, all(Keyset.Order.descending("rows", "n"), Filters.lt("n", 23), 5).size());
    }

    @Test
    void rowsInsertedBeforeTheCursorNeitherRepeatNorShiftTheNextPage() {
        Keyset.Order order = Keyset.Order.descending("rows", "n");
        List<Document> first = rows.find(Keyset.page(Filters.empty(), order, null)).sort(order.sort()).limit(11)
                .into(new ArrayList<>());
        Keyset.Slice<Document> page = Keyset.slice(first, 10, order, d -> d.get("n"), d -> d.get("_id"));
        rows.insertOne(new Document("_id", "new").append("n", 1000));
        List<Document> second = rows.find(Keyset.page(Filters.empty(), order, page.next())).sort(order.sort()).limit(10)
                .into(new ArrayList<>());
        assertEquals(36, second.get(0).getInteger("n"));
    }

    @Test
    void theLastPageHasNoNext() {
        Keyset.Slice<String> slice = Keyset.slice(List.of("a", "b"), 2, Keyset.Order.ascending("rows", "x"), s -> s, s -> s);
        assertNull(slice.next());
        assertNotNull(Keyset.slice(List.of("a", "b", "c"), 2, Keyset.Order.ascending("rows", "x"), s -> s, s -> s).next());
    }

    @Test
    void aCursorOfAnotherSortOrNoCursorAtAllIsA400OnCursor() {
        String cursor = Keyset.encode(Keyset.Order.descending("rows", "createdAt"), new Keyset.Position(new Date(0), "t1"));
        assertEquals("t1", Keyset.decode(Keyset.Order.descending("rows", "createdAt"), cursor).id());
        for (String bad : new String[] { Keyset.encode(Keyset.Order.ascending("rows", "createdAt"), new Keyset.Position(null, "t1")),
                Keyset.encode(Keyset.Order.descending("rows", "updatedAt"), new Keyset.Position(null, "t1")), "bm90LWJzb24",
                "AAAA", "x", Base64.getUrlEncoder().withoutPadding().encodeToString(new Document("o", "-createdAt").toJson().getBytes()),
                cursor.substring(0, cursor.length() - 3) }) {
            ProblemException refused = assertThrows(ProblemException.class,
                    () -> Keyset.decode(Keyset.Order.descending("rows", "createdAt"), bad), bad);
            assertEquals(400, refused.status());
            assertEquals("cursor", refused.errors().get(0).field());
        }
    }

    @Test
    void aCursorOfAnotherListThatSortsAlikeIsA400OnCursor() {
        Keyset.Order tickets = Keyset.Order.descending("tickets", "updatedAt");
        Keyset.Order deleted = Keyset.Order.descending("deleted-tickets", "updatedAt");
        String cursor = Keyset.encode(tickets, new Keyset.Position(new Date(0), "t1"));
        assertEquals("t1", Keyset.decode(tickets, cursor).id());
        ProblemException refused = assertThrows(ProblemException.class, () -> Keyset.decode(deleted, cursor));
        assertEquals(400, refused.status());
        assertEquals("cursor", refused.errors().get(0).field());
        assertThrows(IllegalArgumentException.class, () -> Keyset.Order.ascending("a:b", "seq"));
        assertThrows(IllegalArgumentException.class, () -> Keyset.Order.ascending(" ", "seq"));
    }

    /** A cursor put together by hand, with any BSON as its sort value and id. */
    private static String forged(Object value, Object id) {
        Document cursor = new Document("o", "rows:-at").append("v", value).append("i", id);
        BasicOutputBuffer buffer = new BasicOutputBuffer();
        try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
            new DocumentCodec(MongoClientSettings.getDefaultCodecRegistry()).encode(writer, cursor,
                    EncoderContext.builder().build());
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.toByteArray());
    }

    @Test
    void aForgedCursorWhoseValuesAreNotScalarsIsA400AndNeverReachesTheStore() {
        Keyset.Order order = Keyset.Order.descending("rows", "at");
        List<Object> notScalars = List.of(new Document("$bogus", 1), new Document("$gt", ""), List.of(1, 2),
                new BsonRegularExpression(".*"), new Code("return true"), new Binary(new byte[] { 1 }), new MinKey(),
                new MaxKey(), new BsonTimestamp(1, 1), new Symbol("s"), new CodeWithScope("x", new Document()));
        for (Object bad : notScalars) {
            for (String cursor : new String[] { forged(bad, "r001"), forged(new Date(0), bad) }) {
                ProblemException refused = assertThrows(ProblemException.class, () -> Keyset.decode(order, cursor),
                        String.valueOf(bad));
                assertEquals(400, refused.status());
                assertEquals("cursor", refused.errors().get(0).field());
            }
        }
        // The id must be there and a scalar; a null sort value is a row without one.
        assertThrows(ProblemException.class, () -> Keyset.decode(order, forged(new Date(0), null)));
        assertNull(Keyset.decode(order, forged(null, "r001")).value());
        // Every scalar a sort field or an id can hold is taken.
        for (Object scalar : List.of("s", 1, 2L, 1.5, new Decimal128(1), true, new Date(0), new ObjectId())) {
            assertEquals(scalar, Keyset.decode(order, forged(scalar, scalar)).value());
            assertEquals(scalar, Keyset.decode(order, forged(scalar, scalar)).id());
        }
        // A forged document value does not reach the store as an operator: the page is refused first.
        assertThrows(ProblemException.class,
                () -> rows.find(Keyset.page(Filters.empty(), order, forged(new Document("$bogus", 1), "r001")))
                        .into(new ArrayList<>()));
    }

    @Test
    void totalIsOnlyTrueOrFalse() {
        assertTrue(Keyset.total("true"));
        assertTrue(!Keyset.total("false") && !Keyset.total(null));
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(Keyset.TOTAL_PATTERN);
        assertTrue(pattern.matcher("true").matches() && pattern.matcher("false").matches());
        for (String bad : new String[] { "maybe", "1", "TRUE", "", "true " }) {
            assertTrue(!pattern.matcher(bad).matches(), bad);
        }
    }
}
