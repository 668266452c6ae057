package io.helpdesk.analytics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;

import io.helpdesk.platform.testing.index.QueryShape;

/**
 * Every query the service sends to MongoDB while recording is on, as the shape an index must serve:
 * the fields a filter matches by equality and by range, and the sort. Registered with the MongoDB
 * client as a command listener (a CDI bean), so it sees the queries the code really runs.
 */
@ApplicationScoped
public class RecordedQueries implements CommandListener {

    /** A query shape and the collection it ran on. */
    public record Recorded(String collection, QueryShape shape) {
    }

    private final List<Recorded> recorded = Collections.synchronizedList(new ArrayList<>());
    private volatile Set<String> collections = Set.of();

    /** Records from now on the queries on these collections, forgetting what was recorded before. */
    public void start(Set<String> collections) {
        recorded.clear();
        this.collections = Set.copyOf(collections);
    }

    /** Stops recording; what was recorded. */
    public List<Recorded> stop() {
        collections = Set.of();
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }

    @Override
    public void commandStarted(CommandStartedEvent event) {
        if (collections.isEmpty()) {
            return;
        }
        BsonDocument command = event.getCommand();
        String name = event.getCommandName();
        BsonValue target = command.get(name);
        if (target == null || !target.isString() || !collections.contains(target.asString().getValue())) {
            return;
        }
        String collection = target.asString().getValue();
        switch (name) {
            case "find" -> add(collection, name, command.getDocument("filter", new BsonDocument()), command.getDocument("sort", null));
            case "findAndModify" -> add(collection, name, command.getDocument("query", new BsonDocument()), command.getDocument("sort", null));
            case "count", "distinct" -> add(collection, name, command.getDocument("query", new BsonDocument()), null);
            case "update", "delete" -> {
                for (BsonValue statement : command.getArray(name.equals("update") ? "updates" : "deletes", new BsonArray())) {
                    add(collection, name, statement.asDocument().getDocument("q", new BsonDocument()), null);
                }
            }
            case "aggregate" -> {
                BsonArray pipeline = command.getArray("pipeline");
                BsonDocument first = pipeline.isEmpty() ? new BsonDocument() : pipeline.get(0).asDocument();
                add(collection, name, first.containsKey("$match") ? first.getDocument("$match") : new BsonDocument(), null);
            }
            default -> {
                // inserts, index and cursor commands select nothing
            }
        }
    }

    private void add(String collection, String command, BsonDocument filter, BsonDocument sort) {
        Set<String> equality = new LinkedHashSet<>();
        Set<String> range = new LinkedHashSet<>();
        fields(filter, equality, range);
        QueryShape.Builder shape = QueryShape.named(collection + " " + command + " " + filter.toJson()
                + (sort == null ? "" : " sort " + sort.toJson()));
        shape.equality(equality.toArray(String[]::new)).range(range.toArray(String[]::new));
        if (sort != null) {
            for (Map.Entry<String, BsonValue> key : sort.entrySet()) {
                shape.sort((key.getValue().asNumber().intValue() < 0 ? "-" : "") + key.getKey());
            }
        }
        recorded.add(new Recorded(collection, shape.build()));
    }

    /** Equality: a plain value, {@code $eq}, {@code $in}; anything else ({@code $gt}, {@code $ne}, an {@code $or}'s fields) a range. */
    private static void fields(BsonDocument filter, Set<String> equality, Set<String> range) {
        for (Map.Entry<String, BsonValue> clause : filter.entrySet()) {
            String field = clause.getKey();
            BsonValue value = clause.getValue();
            if (field.equals("$and")) {
                value.asArray().forEach(part -> fields(part.asDocument(), equality, range));
            } else if (field.equals("$or")) {
                value.asArray().forEach(part -> {
                    Set<String> inner = new LinkedHashSet<>();
                    fields(part.asDocument(), inner, inner);
                    range.addAll(inner);
                });
            } else if (value.isDocument() && value.asDocument().keySet().stream().anyMatch(k -> k.startsWith("$"))) {
                boolean points = value.asDocument().keySet().stream().allMatch(k -> k.equals("$eq") || k.equals("$in"));
                (points ? equality : range).add(field);
            } else {
                equality.add(field);
            }
        }
        range.removeAll(equality);
    }
}
