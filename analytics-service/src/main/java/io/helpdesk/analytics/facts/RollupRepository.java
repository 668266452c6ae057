package io.helpdesk.analytics.facts;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoServerException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
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
    /** The fields of a day held by a recompute: its token and until when (see {@link #lock}). */
    public static final String LOCK = "lock";
    public static final String LOCKED_UNTIL = "lockedUntil";
    /** A day's generation: new at every recompute (see {@link #add}). */
    public static final String GEN = "gen";
    /** How far apart the clocks of two replicas may be: a hold counts as run out only that long after its end. */
    static final java.time.Duration CLOCKS_APART = java.time.Duration.ofMinutes(1);

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

    /**
     * A day's roll-up is being, or was since its generation was read, recomputed from its facts: a change
     * taken off a fact before then waits (see {@link #add}).
     */
    public static final class DayRecomputing extends RuntimeException {
        public DayRecomputing(String day) {
            super("the roll-up of " + day + " is being (or was just) recomputed from its facts");
        }
    }

    /** The generation of each day's roll-up (null for a day without one, or never recomputed): see {@link #add}. */
    public Map<String, String> generations(java.util.Collection<String> days) {
        Map<String, String> out = new java.util.HashMap<>();
        days.forEach(day -> out.put(day, null));
        rollups.find(Filters.in("_id", days)).projection(Projections.include(GEN))
                .forEach(d -> out.put(d.getString("_id"), d.getString(GEN)));
        return out;
    }

    /**
     * Adds the counters to the day's roll-up (created at its first ticket), only if it is still of the
     * generation {@code generation} (read before the change was taken off its fact) and no recompute holds
     * it; else refuses ({@link DayRecomputing}): a recompute began since, and counted the fact as it stood
     * then (or will), so the change may be in its sum already.
     */
    public void add(String day, Map<String, Long> counters, String generation) {
        if (counters.isEmpty()) {
            return;
        }
        List<org.bson.conversions.Bson> updates = new ArrayList<>();
        counters.forEach((path, n) -> updates.add(Updates.inc(path, n)));
        while (true) {
            Date expired = Date.from(Instant.now().minus(CLOCKS_APART));
            var free = Filters.and(Filters.eq("_id", day), Filters.eq(GEN, generation),
                    Filters.or(Filters.eq(LOCK, null), Filters.lt(LOCKED_UNTIL, expired)));
            if (rollups.updateOne(free, Updates.combine(updates)).getMatchedCount() == 1) {
                return;
            }
            if (generation != null) {
                throw new DayRecomputing(day); // recomputed, held, or removed since the generation was read
            }
            try {
                rollups.insertOne(document(day, counters));
                return;
            } catch (MongoServerException e) {
                if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
            Document now = rollups.find(Filters.eq("_id", day)).projection(Projections.include(GEN, LOCK)).first();
            if (now != null && (now.get(GEN) != null || now.get(LOCK) != null)) {
                throw new DayRecomputing(day);
            }
            // another change created the day between the two writes: add to it
        }
    }

    /**
     * Holds the day for the recompute {@code token} until {@code until} and starts a new generation: from
     * now on no change is added to it, neither one taken off its fact before (see {@link #add}). A later
     * recompute of the same day takes the day over.
     */
    public void lock(String day, String token, Instant until) {
        rollups.updateOne(Filters.eq("_id", day), Updates.combine(Updates.set(LOCK, token), Updates.set(LOCKED_UNTIL, Date.from(until)),
                Updates.set(GEN, token), Updates.setOnInsert("day", start(day))), new UpdateOptions().upsert(true));
    }

    /** Frees the day the recompute {@code token} holds without writing it (the recompute failed). */
    public void release(String day, String token) {
        rollups.updateOne(Filters.and(Filters.eq("_id", day), Filters.eq(LOCK, token)),
                Updates.combine(Updates.unset(LOCK), Updates.unset(LOCKED_UNTIL)));
    }

    /**
     * Writes the day's roll-up as recomputed from its facts (a day without counters stays, empty, to keep its
     * generation) in a new generation, and so frees it, if the recompute {@code token} still holds it and its
     * hold has not run out; else throws, and nothing is written.
     */
    public void replace(String day, Map<String, Long> counters, String token) {
        var held = Filters.and(Filters.eq("_id", day), Filters.eq(LOCK, token), Filters.gt(LOCKED_UNTIL, new Date()));
        if (rollups.replaceOne(held, document(day, counters).append(GEN, UUID.randomUUID().toString())).getMatchedCount() == 0) {
            throw new IllegalStateException("the recompute of " + day + " lost its hold on the day (taken over, or held too long)");
        }
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

    /** The days strictly after {@code after} (null: from the first) and strictly before {@code before} (null: to the last) that have a roll-up. */
    public List<String> daysBetween(String after, String before) {
        List<org.bson.conversions.Bson> range = new ArrayList<>();
        if (after != null) {
            range.add(Filters.gt("_id", after));
        }
        if (before != null) {
            range.add(Filters.lt("_id", before));
        }
        return rollups.find(range.isEmpty() ? new Document() : Filters.and(range)).projection(Projections.include("_id"))
                .sort(Sorts.ascending("_id")).map(d -> d.getString("_id")).into(new ArrayList<>());
    }

    public MongoCollection<Document> collection() {
        return rollups;
    }

    private static Date start(String day) {
        return Date.from(LocalDate.parse(day).atStartOfDay(ZoneOffset.UTC).toInstant());
    }
}
