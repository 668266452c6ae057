package io.helpdesk.analytics.facts;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.helpdesk.analytics.config.AnalyticsConfig;
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
 * recompute of the day (a rebuild) repairs. A recompute of a day runs beside all this (see
 * {@link #recomputeNextDay}).
 */
@ApplicationScoped
public class TicketProjection {

    private static final Logger LOG = Logger.getLogger(TicketProjection.class);
    /** How many looks for facts written during a recompute it makes before it gives up (and is tried again). */
    private static final int MAX_LOOKS = 100;

    private final FactRepository facts;
    private final RollupRepository rollups;
    /** How long a recompute may hold its day: as long as a rebuild may go without saving a step. */
    private final Duration hold;

    public TicketProjection(FactRepository facts, RollupRepository rollups, AnalyticsConfig config) {
        this.facts = facts;
        this.rollups = rollups;
        this.hold = config.rebuild().lease();
    }

    /** True when the fact changed, or a roll-up change still pending on it was applied. */
    public boolean apply(TicketEvents.TicketSnapshot ticket) {
        TicketFact fact = TicketFact.of(ticket);
        FactRepository.Written written = facts.replaceIfNewer(fact);
        TicketFact now = written.applied() ? fact : written.before();
        boolean settled = false;
        if (now != null && now.pendingRollup != null) {
            settled = settle(fact.id, now.pendingRollup.stream().map(c -> c.day).collect(Collectors.toSet()));
        }
        return written.applied() || settled;
    }

    /**
     * Applies the fact's pending roll-up change, if it is still there (see the class comment), to the days
     * given (those it was seen to hold), each only if no recompute of the day began since its generation was
     * read here, before the change was taken; else the change goes back on the fact (unless a recompute
     * claimed the fact since, and so counted it) and the failure is thrown, so the event comes again. True
     * when something was added.
     */
    boolean settle(String id, Set<String> days) {
        Map<String, String> generations = rollups.generations(days);
        FactRepository.Taken taken = facts.takePending(id);
        Map<String, Map<String, Long>> byDay = new TreeMap<>();
        taken.counts().forEach(c -> byDay.computeIfAbsent(c.day, d -> new TreeMap<>()).merge(c.path, c.n, Long::sum));
        Set<String> added = new HashSet<>();
        try {
            byDay.forEach((day, counters) -> {
                if (!generations.containsKey(day)) {
                    throw new RollupRepository.DayRecomputing(day); // a day not seen before the take: its generation is unknown
                }
                rollups.add(day, counters, generations.get(day));
                added.add(day);
            });
        } catch (RuntimeException e) {
            facts.restorePending(id, taken, taken.counts().stream().filter(c -> !added.contains(c.day)).toList());
            throw e;
        }
        return !added.isEmpty();
    }

    /**
     * Recomputes the roll-up of the first day at or after {@code from} that has a fact (deleted or not),
     * from that day's facts, while events keep coming. The day recomputed, or empty when no later fact
     * exists.
     * <p>
     * The day is held first ({@link RollupRepository#lock}, a new generation): from then on no change is
     * added to its roll-up, neither one taken off its fact before. Then every fact of the day is claimed (its
     * pending change dropped) and read; a fact found changed since its claim, or new, is claimed again as
     * read, until a look finds none, so what is summed is each fact exactly as claimed and every change
     * pending on a fact afterwards is a change from that state. The sum replaces the roll-up in a new
     * generation, which frees the day, and the changes that waited meanwhile are applied. A change taken off a
     * fact before its claim is not put back after it (the sum holds it).
     */
    public Optional<String> recomputeNextDay(Instant from) {
        var first = facts.firstCreatedFrom(from);
        if (first.isEmpty()) {
            return Optional.empty();
        }
        LocalDate date = first.get().atZone(ZoneOffset.UTC).toLocalDate();
        recompute(date);
        return Optional.of(date.toString());
    }

    /** Recomputes the roll-up of the day from its facts, as {@link #recomputeNextDay} does (to empty when it has none). */
    public void recompute(LocalDate date) {
        String day = date.toString();
        Instant start = date.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = start.plus(Duration.ofDays(1));
        String token = UUID.randomUUID().toString();
        rollups.lock(day, token, Instant.now().plus(hold));
        try {
            facts.claimDay(start, end, token);
            Map<String, TicketFact> counted = new HashMap<>();
            for (var query : facts.inDay(start, end)) {
                query.forEach(fact -> count(fact, token, counted));
            }
            // A fact not counted yet (created since, or moved between the two reads above: deleted, then restored)
            // is claimed until a look finds none. One counted and written since carries a step from the state
            // counted, applied once the day is free.
            for (int look = 1;; look++) {
                List<TicketFact> unclaimed = facts.unclaimedIn(start, end, token);
                unclaimed.removeIf(fact -> counted.containsKey(fact.id));
                if (unclaimed.isEmpty()) {
                    break;
                }
                if (look == MAX_LOOKS) {
                    throw new IllegalStateException("new facts of " + day + " kept coming while it was recomputed");
                }
                unclaimed.forEach(fact -> count(fact, token, counted));
            }
            Map<String, Long> sum = new TreeMap<>();
            counted.values().forEach(fact -> DailyRollup.contribution(fact).forEach((path, n) -> sum.merge(path, n, Long::sum)));
            rollups.replace(day, sum, token);
        } catch (RuntimeException e) {
            rollups.release(day, token); // the changes wait no longer: the day is wrong until it is recomputed again
            throw e;
        }
        for (String id : facts.pendingIn(start, end)) { // the changes that waited for the day
            try {
                settle(id, Set.of(day));
            } catch (RuntimeException e) {
                LOG.debugf("a change of %s waits for its event to come again: %s", id, e.getMessage());
            }
        }
    }

    /** Counts the fact as claimed by the recompute {@code token}, claiming it (again) as read when it is not. */
    private void count(TicketFact fact, String token, Map<String, TicketFact> counted) {
        TicketFact claimed = fact;
        while (claimed != null && !token.equals(claimed.claim)) {
            TicketFact read = claimed;
            claimed = facts.claim(read, token);
            if (claimed == null) {
                claimed = facts.findById(read.id); // changed since it was read: claim it as it stands now
            }
        }
        if (claimed != null) {
            counted.put(claimed.id, claimed); // a fact met twice counts as last claimed
        }
    }
}
