package io.helpdesk.platform.devstack;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;

/**
 * What lets the devstack's store find a document by a unique key as MongoDB does. mongo-java-server
 * serves a query from a unique index only when the query's fields are exactly the index's keys; the
 * MongoDB driver writes {@code Filters.and(eq(..), eq(..))} as {@code $and}, and the services often ask
 * for a document by its id and something more ({@code {_id: x, "outbox.0": {$exists: true}}}). Both
 * would scan the whole collection under the database's lock. Here the conditions of a conjunction
 * become one document (the same query to MongoDB), and the equalities that cover a unique index's keys
 * become the lookup whose few documents the whole query is then matched against.
 *
 * <p>A flattened query takes the server's own paths for the same query written bare: its {@code $in} on
 * a single-key unique index looks each value up as a key, so a regular expression or an array inside that
 * {@code $in} finds nothing there, as it would without the {@code $and} (no service sends such a query).
 */
final class PointLookups {

    private static final String AND = "$and";

    private PointLookups() {
    }

    /**
     * A top-level {@code $and} whose conditions name different fields, as one document:
     * {@code {$and: [{room: r}, {senderId: s}]}} is {@code {room: r, senderId: s}}. A conjunction that
     * names a field twice, is empty, or holds anything but documents, is left as it is.
     */
    static Document flatten(Document query) {
        if (query == null || !(query.get(AND) instanceof List<?> conditions) || conditions.isEmpty()) {
            return query;
        }
        Document flat = new Document();
        for (Map.Entry<String, Object> field : query.entrySet()) {
            if (!field.getKey().equals(AND)) {
                flat.put(field.getKey(), field.getValue());
            }
        }
        for (Object condition : conditions) {
            if (!(condition instanceof Document document)) {
                return query;
            }
            for (Map.Entry<String, Object> field : flatten(document).entrySet()) {
                if (flat.containsKey(field.getKey())) {
                    return query;
                }
                flat.put(field.getKey(), field.getValue());
            }
        }
        return flat;
    }

    /**
     * The query's equalities on exactly the index's keys, when it has one for every key; null otherwise.
     * Only plain values count: an operator, a regular expression, an array (which the index would read
     * as several keys) or null (which matches a missing field too) leaves the index alone.
     */
    static Document equalitiesOn(Document query, List<IndexKey> keys) {
        Document lookup = new Document();
        for (IndexKey key : keys) {
            Object value = query.get(key.getKey());
            if (value == null || value instanceof Document || value instanceof Collection<?>
                    || BsonRegularExpression.isRegularExpression(value)) {
                return null;
            }
            lookup.put(key.getKey(), value);
        }
        return lookup;
    }
}
