package io.helpdesk.analytics.facts;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.platform.contracts.TicketEvents;

/**
 * Applies a ticket as of a version to its fact and to the roll-up of its creation day. The roll-up
 * moves by (new contribution − old contribution) only when the versioned fact write succeeded, with
 * the old state that very write replaced: so an event read twice, or an older version arriving after
 * a newer one, changes neither; and two replicas applying two versions of one ticket each move the
 * roll-up by their own step of the chain.
 * <p>
 * The step is not lost when moving the roll-up fails: the fact write stores it as the fact's pending
 * roll-up change, in the same conditional write. It is then taken off the fact (atomically: of two
 * replicas only one gets it) and only then added to the roll-ups; when adding fails, what was not added
 * is put back and the failure thrown, so the event is read again, and an event read again (even one
 * "not newer") applies a change still pending. Taking before adding errs one way only: a replica that
 * stops between the two leaves the roll-up short by that step (never counted twice), which the next
 * recompute of the day (a rebuild) repairs.
 */
@ApplicationScoped
public class TicketProjection {

    private final FactRepository facts;
    private final RollupRepository rollups;

    public TicketProjection(FactRepository facts, RollupRepository rollups) {
        this.facts = facts;
        this.rollups = rollups;
    }

    /** True when the fact changed. */
    public boolean apply(TicketEvents.TicketSnapshot ticket) {
        TicketFact fact = TicketFact.of(ticket);
        FactRepository.Written written = facts.replaceIfNewer(fact);
        TicketFact now = written.applied() ? fact : written.before();
        if (now != null && now.pendingRollup != null) {
            settle(fact.id);
        }
        return written.applied();
    }

    /** Applies the fact's pending roll-up change, if it is still there (see the class comment). */
    void settle(String id) {
        List<TicketFact.PendingCount> taken = facts.takePending(id);
        Map<String, Map<String, Long>> byDay = new TreeMap<>();
        taken.forEach(c -> byDay.computeIfAbsent(c.day, d -> new TreeMap<>()).merge(c.path, c.n, Long::sum));
        Set<String> added = new HashSet<>();
        try {
            byDay.forEach((day, counters) -> {
                rollups.add(day, counters);
                added.add(day);
            });
        } catch (RuntimeException e) {
            facts.restorePending(id, taken.stream().filter(c -> !added.contains(c.day)).toList());
            throw e;
        }
    }

    /**
     * Recomputes the roll-up of the first day at or after {@code from} that has a (non-deleted) fact,
     * from that day's facts. The day recomputed, or empty when no later fact exists.
     */
    public java.util.Optional<String> recomputeNextDay(Instant from) {
        var first = facts.firstCreatedFrom(from);
        if (first.isEmpty()) {
            return java.util.Optional.empty();
        }
        LocalDate date = first.get().atZone(ZoneOffset.UTC).toLocalDate();
        Instant start = date.atStartOfDay(ZoneOffset.UTC).toInstant();
        facts.dropPending(start, start.plus(java.time.Duration.ofDays(1))); // the recompute counts these facts as they stand
        Map<String, Long> sum = new TreeMap<>();
        for (TicketFact fact : facts.created(start, start.plus(java.time.Duration.ofDays(1)))) {
            DailyRollup.contribution(fact).forEach((path, n) -> sum.merge(path, n, Long::sum));
        }
        rollups.replace(date.toString(), sum);
        return java.util.Optional.of(date.toString());
    }
}
