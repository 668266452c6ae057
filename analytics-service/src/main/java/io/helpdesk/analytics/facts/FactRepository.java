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
    private static final org.bson.conversions.Bson ROLLUP_FIELDS = Projections.exclude("tags", "customerId", "createdWeek", "createdMonth");

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
            fact.claims = current == null ? null : current.claims; // a recompute's claim itself ends here
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

    /** A pending roll-up change taken off a fact, and how many claims the fact had then (see {@link TicketFact#claims}). */
    public record Taken(List<TicketFact.PendingCount> counts, Long claims) {
    }

    /**
     * Takes the fact's pending roll-up change off it, in one atomic step, so of two takers one gets it;
     * empty counters when none was pending. Taking it also ends a recompute's claim: the fact no longer
     * stands as the recompute counted it.
     */
    public Taken takePending(String id) {
        TicketFact before = mongoCollection().findOneAndUpdate(Filters.and(Filters.eq("_id", id), Filters.ne("pendingRollup", null)),
                Updates.combine(Updates.unset("pendingRollup"), Updates.unset("claim"), Updates.inc("rev", 1L)),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE));
        return before == null || before.pendingRollup == null ? new Taken(List.of(), null) : new Taken(before.pendingRollup, before.claims);
    }

    /**
     * Puts a taken change back (applying it failed), added to whatever is pending on the fact now; not
     * when a recompute claimed the fact since it was taken (it counted the fact as it stands, this change
     * included). Whether it was put back.
     */
    public boolean restorePending(String id, Taken taken, List<TicketFact.PendingCount> counts) {
        List<Document> entries = counts.stream()
                .map(c -> new Document("day", c.day).append("path", c.path).append("n", c.n)).toList();
        var unclaimed = Filters.and(Filters.eq("_id", id), Filters.eq("claims", taken.claims()));
        if (mongoCollection().updateOne(Filters.and(unclaimed, Filters.eq("pendingRollup", null)),
                Updates.combine(Updates.set("pendingRollup", entries), Updates.inc("rev", 1L))).getModifiedCount() == 1) {
            return true;
        }
        return mongoCollection().updateOne(unclaimed, Updates.combine(Updates.pushEach("pendingRollup", entries), Updates.inc("rev", 1L)))
                .getModifiedCount() == 1;
    }

    /**
     * Claims every fact created in {@code [from, to)} for the recompute {@code claim} of their day: their
     * pending roll-up changes are dropped (the recompute counts the facts as they stand) and a change
     * taken off one before is not put back (see {@link #restorePending}). The filter is the one the
     * {@code window} index serves.
     */
    public void claimDay(Instant from, Instant to, String claim) {
        for (boolean deleted : new boolean[] { false, true }) {
            mongoCollection().updateMany(Filters.and(Filters.eq("deleted", deleted), Filters.gte("createdAt", from), Filters.lt("createdAt", to)),
                    claimUpdate(claim));
        }
    }

    /**
     * Claims one fact again, as it was read (its {@code rev}), for the recompute {@code claim}: the fact as
     * claimed, or null when it changed since it was read.
     */
    public TicketFact claim(TicketFact read, String claim) {
        return mongoCollection().findOneAndUpdate(Filters.and(Filters.eq("_id", read.id), Filters.eq("rev", read.rev)), claimUpdate(claim),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    }

    private static org.bson.conversions.Bson claimUpdate(String claim) {
        return Updates.combine(Updates.unset("pendingRollup"), Updates.set("claim", claim), Updates.inc("claims", 1L), Updates.inc("rev", 1L));
    }

    /** The ids of the facts created in {@code [from, to)} with a roll-up change pending (index {@code window}). */
    public List<String> pendingIn(Instant from, Instant to) {
        List<String> ids = new ArrayList<>();
        for (boolean deleted : new boolean[] { false, true }) {
            mongoCollection().find(Filters.and(Filters.eq("deleted", deleted), Filters.gte("createdAt", from), Filters.lt("createdAt", to),
                    Filters.ne("pendingRollup", null))).projection(Projections.include("_id")).forEach(f -> ids.add(f.id));
        }
        return ids;
    }

    /** The facts, deleted ones too, created in {@code [from, to)}, with the fields a roll-up needs (index {@code window}). */
    public List<FindIterable<TicketFact>> inDay(Instant from, Instant to) {
        return List.of(created(from, to), mongoCollection()
                .find(Filters.and(Filters.eq("deleted", true), Filters.gte("createdAt", from), Filters.lt("createdAt", to)))
                .projection(ROLLUP_FIELDS));
    }

    /** Whether any fact is stored. */
    public boolean any() {
        return mongoCollection().find().projection(Projections.include("_id")).limit(1).first() != null;
    }

    /** The non-deleted facts created in {@code [from, to)}, with the fields a roll-up needs (index {@code window}). */
    public FindIterable<TicketFact> created(Instant from, Instant to) {
        return mongoCollection().find(Filters.and(Filters.eq("deleted", false), Filters.gte("createdAt", from), Filters.lt("createdAt", to)))
                .projection(ROLLUP_FIELDS);
    }

    /** When the first ticket (deleted or not) created at or after {@code from} was created (index {@code window}). */
    public Optional<Instant> firstCreatedFrom(Instant from) {
        Instant earliest = null;
        for (boolean deleted : new boolean[] { false, true }) {
            TicketFact first = mongoCollection().find(Filters.and(Filters.eq("deleted", deleted), Filters.gte("createdAt", from)))
                    .sort(Sorts.ascending("createdAt")).projection(Projections.include("createdAt")).limit(1).first();
            if (first != null && (earliest == null || first.createdAt.isBefore(earliest))) {
                earliest = first.createdAt;
            }
        }
        return Optional.ofNullable(earliest);
    }

    /**
     * The facts, deleted ones too, created in {@code [from, to)} that the recompute {@code claim} does not hold
     * (written since its claim, or new), with the fields a roll-up needs (index {@code window}).
     */
    public List<TicketFact> unclaimedIn(Instant from, Instant to, String claim) {
        List<TicketFact> out = new ArrayList<>();
        for (boolean deleted : new boolean[] { false, true }) {
            mongoCollection().find(Filters.and(Filters.eq("deleted", deleted), Filters.gte("createdAt", from), Filters.lt("createdAt", to),
                    Filters.ne("claim", claim))).projection(ROLLUP_FIELDS).into(out);
        }
        return out;
    }
}
