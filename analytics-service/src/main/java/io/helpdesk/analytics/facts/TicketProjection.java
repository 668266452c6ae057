package io.helpdesk.analytics.facts;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.platform.contracts.TicketEvents;

/**
 * Applies a ticket as of a version to its fact and to the roll-up of its creation day. The roll-up
 * moves by (new contribution − old contribution) only when the versioned fact write succeeded, with
 * the old state that very write replaced: so an event read twice, or an older version arriving after
 * a newer one, changes neither; and two replicas applying two versions of one ticket each move the
 * roll-up by their own step of the chain.
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
        if (!written.applied()) {
            return false;
        }
        DailyRollup.delta(written.before(), fact).forEach(rollups::add);
        return true;
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
        Map<String, Long> sum = new TreeMap<>();
        for (TicketFact fact : facts.created(start, start.plus(java.time.Duration.ofDays(1)))) {
            DailyRollup.contribution(fact).forEach((path, n) -> sum.merge(path, n, Long::sum));
        }
        rollups.replace(date.toString(), sum);
        return java.util.Optional.of(date.toString());
    }
}
