package io.helpdesk.analytics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;

import io.helpdesk.platform.testing.index.FilterShapes;
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

    /** The shapes of the filter as {@code platform/testing}'s {@link FilterShapes} reads them (one per {@code $or} branch). */
    private void add(String collection, String command, BsonDocument filter, BsonDocument sort) {
        String name = collection + " " + command + " " + filter.toJson() + (sort == null ? "" : " sort " + sort.toJson());
        FilterShapes.of(name, filter, sort).forEach(shape -> recorded.add(new Recorded(collection, shape)));
    }
}
