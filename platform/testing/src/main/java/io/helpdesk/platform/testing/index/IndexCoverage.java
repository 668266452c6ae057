package io.helpdesk.platform.testing.index;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.bson.BsonDocument;
import org.bson.BsonValue;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.model.IndexModel;

/**
 * Whether a declared index serves a query shape the way MongoDB would use it, by the
 * equality–sort–range rule: the index's key starts with some of the shape's equality fields (in any
 * order; at least one when the shape has any, and no other field before the sort), continues with the shape's sort keys in their order
 * (the {@code _id} tie-breaker of a keyset page included), all in the index's direction or all
 * reversed, and holds the range fields after them. So the rows come out of the index already sorted (no in-memory sort) and the
 * scan is bounded by the equality prefix. A range on the sort field itself is served by the sort part.
 * A {@code $text} shape is served by a text index (MongoDB sorts its matches in memory: the text
 * index bounds them).
 *
 * <p>Real MongoDB cannot run on every machine that builds this project, so a test reasons about the
 * declared indexes with this class instead of asking {@code explain()}; under compose, the same
 * queries can be checked with {@code explain("queryPlanner")} (no {@code SORT} stage, an
 * {@code IXSCAN} on the index named here).
 */
public final class IndexCoverage {

    /** The index MongoDB keeps on {@code _id} of every collection. */
    public static final IndexModel ID = new IndexModel(com.mongodb.client.model.Indexes.ascending("_id"));

    private IndexCoverage() {
    }

    /** A collection's declared indexes and its {@code _id} index: what its queries may use. */
    public static List<IndexModel> withId(List<IndexModel> declared) {
        List<IndexModel> indexes = new ArrayList<>(declared);
        indexes.add(0, ID);
        return indexes;
    }

    /** Each of the values, then null: a filter given each value and one left out, for enumerating combinations. */
    public static <T> List<T> orNone(List<T> values) {
        List<T> options = new ArrayList<>(values);
        options.add(null);
        return options;
    }

    /** The first declared index that serves the shape. */
    public static Optional<IndexModel> servedBy(QueryShape shape, List<IndexModel> indexes) {
        return indexes.stream().filter(index -> serves(keys(index), shape)).findFirst();
    }

    /** Fails with every shape that no declared index serves, each with its name. */
    public static void assertServed(Collection<QueryShape> shapes, List<IndexModel> indexes) {
        List<String> unserved = new ArrayList<>();
        for (QueryShape shape : shapes) {
            if (servedBy(shape, indexes).isEmpty()) {
                unserved.add(shape.name() + " " + describe(shape));
            }
        }
        if (!unserved.isEmpty()) {
            throw new AssertionError(unserved.size() + " of " + shapes.size()
                    + " query shapes have no index that serves them (equality, then sort, then range):\n  "
                    + String.join("\n  ", unserved));
        }
    }

    /** The index's key, field to 1, -1 or "text". */
    static BsonDocument keys(IndexModel index) {
        return index.getKeys().toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry());
    }

    static boolean serves(BsonDocument key, QueryShape shape) {
        List<Map.Entry<String, BsonValue>> fields = new ArrayList<>(key.entrySet());
        boolean textIndex = fields.stream().anyMatch(f -> f.getValue().isString() && "text".equals(f.getValue().asString().getValue()));
        if (shape.text() || textIndex) {
            return shape.text() && textIndex;
        }
        int i = 0;
        Set<String> matched = new HashSet<>();
        while (i < fields.size() && shape.equality().contains(fields.get(i).getKey())) {
            matched.add(fields.get(i).getKey());
            i++;
        }
        if (!shape.equality().isEmpty() && matched.isEmpty()) {
            return false;
        }
        Integer flip = null;
        for (Map.Entry<String, Integer> sortKey : shape.sort().entrySet()) {
            if (i >= fields.size() || !fields.get(i).getKey().equals(sortKey.getKey()) || !fields.get(i).getValue().isNumber()) {
                return false;
            }
            int direction = (int) Math.signum(fields.get(i).getValue().asNumber().doubleValue()) * sortKey.getValue();
            if (flip != null && flip != direction) {
                return false;
            }
            flip = direction;
            i++;
        }
        // Range fields come after the sort part (or are a sort key): then the range bounds the scan of
        // each equality point without breaking the order.
        Set<String> rest = new HashSet<>();
        for (int j = i; j < fields.size(); j++) {
            rest.add(fields.get(j).getKey());
        }
        for (String field : shape.range()) {
            if (!shape.sort().containsKey(field) && !rest.contains(field)) {
                return false;
            }
        }
        // A shape with neither equality nor sort is served only by an index that starts with its range.
        return !matched.isEmpty() || !shape.sort().isEmpty() || shape.range().isEmpty()
                || shape.range().contains(fields.get(0).getKey());
    }

    private static String describe(QueryShape shape) {
        return "{equality " + shape.equality() + ", sort " + shape.sort() + ", range " + shape.range()
                + (shape.text() ? ", $text" : "") + "}";
    }
}
