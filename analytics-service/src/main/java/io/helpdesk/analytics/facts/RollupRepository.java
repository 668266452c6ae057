package io.helpdesk.analytics.facts;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The {@code daily_rollups} collection: one document per UTC creation day ({@code _id} {@code yyyy-MM-dd}); store only. */
@ApplicationScoped
public class RollupRepository {

    public static final String COLLECTION = "daily_rollups";
    /** The service's own state: here the mark that the roll-ups were built from the facts once. */
    public static final String STATE = "analytics_state";
    private static final String BUILT = "rollups";

    private final MongoCollection<Document> rollups;
    private final MongoCollection<Document> state;

    public RollupRepository(MongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.rollups = mongo.getDatabase(database).getCollection(COLLECTION);
        this.state = mongo.getDatabase(database).getCollection(STATE);
    }

    /** Whether the roll-ups were built from the facts (a rebuild finished, or there were no facts to build from). */
    public boolean built() {
        return state.find(Filters.eq("_id", BUILT)).first() != null;
    }

    /** Marks the roll-ups built. */
    public void markBuilt(java.time.Instant at) {
        state.updateOne(Filters.eq("_id", BUILT), Updates.setOnInsert("at", Date.from(at)), new UpdateOptions().upsert(true));
    }

    /** Adds the counters to the day's roll-up (created at its first ticket). */
    public void add(String day, Map<String, Long> counters) {
        if (counters.isEmpty()) {
            return;
        }
        List<org.bson.conversions.Bson> updates = new ArrayList<>();
        counters.forEach((path, n) -> updates.add(Updates.inc(path, n)));
        updates.add(Updates.setOnInsert("day", start(day)));
        rollups.updateOne(Filters.eq("_id", day), Updates.combine(updates), new UpdateOptions().upsert(true));
    }

    /** Writes the day's roll-up as recomputed from its facts; an empty one is removed. */
    public void replace(String day, Map<String, Long> counters) {
        if (counters.isEmpty()) {
            rollups.deleteOne(Filters.eq("_id", day));
            return;
        }
        rollups.replaceOne(Filters.eq("_id", day), document(day, counters), new ReplaceOptions().upsert(true));
    }

    /** The document a day's roll-up is stored as, from its counters. */
    public static Document document(String day, Map<String, Long> counters) {
        return DailyRollup.nest(counters).append("_id", day).append("day", start(day));
    }

    /** The roll-ups of the days {@code first} to {@code last} (both included, {@code yyyy-MM-dd}), oldest first. */
    public List<Document> days(String first, String last) {
        return rollups.find(Filters.and(Filters.gte("_id", first), Filters.lte("_id", last))).sort(Sorts.ascending("_id"))
                .into(new ArrayList<>());
    }

    /** Removes the roll-ups strictly after {@code after} (null: from the first) and strictly before {@code before} (null: to the last). */
    public long removeBetween(String after, String before) {
        List<org.bson.conversions.Bson> range = new ArrayList<>();
        if (after != null) {
            range.add(Filters.gt("_id", after));
        }
        if (before != null) {
            range.add(Filters.lt("_id", before));
        }
        return rollups.deleteMany(range.isEmpty() ? new Document() : Filters.and(range)).getDeletedCount();
    }

    public MongoCollection<Document> collection() {
        return rollups;
    }

    private static Date start(String day) {
        return Date.from(LocalDate.parse(day).atStartOfDay(ZoneOffset.UTC).toInstant());
    }
}
