package io.helpdesk.analytics.facts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoServerException;
import com.mongodb.client.FindIterable;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;

/** The {@code ticket_facts} collection: the versioned write of a fact and the reads of facts by creation time; store only. */
@ApplicationScoped
public class FactRepository implements PanacheMongoRepositoryBase<TicketFact, String> {

    public static final String COLLECTION = "ticket_facts";

    /** A versioned write: whether it replaced (or created) the fact, and the fact it replaced (null when new). */
    public record Written(boolean applied, TicketFact before) {
    }

    /**
     * Writes the fact unless one of the same or a higher version is there: idempotent (the same version
     * changes nothing) and tolerant of out-of-order delivery (an older version changes nothing). The
     * change it makes to the daily roll-ups (from the fact it replaces) goes into the same conditional
     * write as the fact's {@code pendingRollup}, added to any change still pending there; the write
     * applies only to the document as it was read ({@code rev}), else it is read and tried again, so of
     * two writers of the same ticket each builds on what the other left.
     */
    public Written replaceIfNewer(TicketFact fact) {
        while (true) {
            TicketFact current = findById(fact.id);
            if (current != null && current.version >= fact.version) {
                return new Written(false, current); // a newer (or the same) version is there already
            }
            Map<String, Map<String, Long>> pending = new TreeMap<>();
            if (current != null && current.pendingRollup != null) {
                current.pendingRollup.forEach(c -> pending.computeIfAbsent(c.day, d -> new TreeMap<>()).merge(c.path, c.n, Long::sum));
            }
            DailyRollup.delta(current, fact).forEach((day, counters) -> counters
                    .forEach((path, n) -> pending.computeIfAbsent(day, d -> new TreeMap<>()).merge(path, n, Long::sum)));
            List<TicketFact.PendingCount> counts = new ArrayList<>();
            pending.forEach((day, counters) -> counters.forEach((path, n) -> {
                if (n != 0) {
                    counts.add(new TicketFact.PendingCount(day, path, n));
                }
            }));
            fact.pendingRollup = counts.isEmpty() ? null : counts;
            fact.rev = current == null || current.rev == null ? 1 : current.rev + 1;
            try {
                if (current == null) {
                    mongoCollection().insertOne(fact);
                    return new Written(true, null);
                }
                if (mongoCollection().replaceOne(Filters.and(Filters.eq("_id", fact.id), Filters.eq("version", current.version),
                        Filters.eq("rev", current.rev)), fact).getModifiedCount() == 1) {
                    return new Written(true, current);
                }
            } catch (MongoServerException e) {
                if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
            // another writer came between the read and the write: read again
        }
    }

    /**
     * Takes the fact's pending roll-up change off it, in one atomic step, so of two takers one gets it;
     * the counters taken, empty when none was pending.
     */
    public List<TicketFact.PendingCount> takePending(String id) {
        TicketFact before = mongoCollection().findOneAndUpdate(Filters.and(Filters.eq("_id", id), Filters.ne("pendingRollup", null)),
                Updates.combine(Updates.unset("pendingRollup"), Updates.inc("rev", 1L)),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE));
        return before == null || before.pendingRollup == null ? List.of() : before.pendingRollup;
    }

    /** Puts a taken change back (applying it failed), added to whatever is pending on the fact now. */
    public void restorePending(String id, List<TicketFact.PendingCount> counts) {
        List<Document> entries = counts.stream()
                .map(c -> new Document("day", c.day).append("path", c.path).append("n", c.n)).toList();
        if (mongoCollection().updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("pendingRollup", null)),
                Updates.combine(Updates.set("pendingRollup", entries), Updates.inc("rev", 1L))).getModifiedCount() == 0) {
            mongoCollection().updateOne(Filters.eq("_id", id),
                    Updates.combine(Updates.pushEach("pendingRollup", entries), Updates.inc("rev", 1L)));
        }
    }

    /**
     * Drops the pending roll-up changes of the facts created in {@code [from, to)}: their day is being
     * recomputed from the facts. Every fact of the range is written (its {@code rev} moves, so a write
     * based on an earlier read is tried again); the filter is the one the {@code window} index serves.
     */
    public void dropPending(Instant from, Instant to) {
        for (boolean deleted : new boolean[] { false, true }) {
            mongoCollection().updateMany(Filters.and(Filters.eq("deleted", deleted), Filters.gte("createdAt", from), Filters.lt("createdAt", to)),
                    Updates.combine(Updates.unset("pendingRollup"), Updates.inc("rev", 1L)));
        }
    }

    /** Whether any fact is stored. */
    public boolean any() {
        return mongoCollection().find().projection(Projections.include("_id")).limit(1).first() != null;
    }

    /** The non-deleted facts created in {@code [from, to)}, with the fields a roll-up needs (index {@code window}). */
    public FindIterable<TicketFact> created(Instant from, Instant to) {
        return mongoCollection().find(Filters.and(Filters.eq("deleted", false), Filters.gte("createdAt", from), Filters.lt("createdAt", to)))
                .projection(Projections.exclude("tags", "customerId", "createdWeek", "createdMonth"));
    }

    /** When the first non-deleted ticket created at or after {@code from} was created (index {@code window}). */
    public Optional<Instant> firstCreatedFrom(Instant from) {
        TicketFact first = mongoCollection().find(Filters.and(Filters.eq("deleted", false), Filters.gte("createdAt", from)))
                .sort(Sorts.ascending("createdAt")).projection(Projections.include("createdAt")).limit(1).first();
        return Optional.ofNullable(first).map(f -> f.createdAt);
    }
}
