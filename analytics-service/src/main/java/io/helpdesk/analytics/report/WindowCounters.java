package io.helpdesk.analytics.report;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import io.helpdesk.analytics.facts.DailyRollup;
import io.helpdesk.analytics.facts.FactRepository;
import io.helpdesk.analytics.facts.RollupRepository;
import io.helpdesk.analytics.rebuild.RollupBackfill;
import io.helpdesk.analytics.facts.TicketFact;

/**
 * The roll-up counters of a window {@code [from, to)} per UTC creation day: the days the window covers
 * whole are read from {@code daily_rollups} (one document each); the part days at its ends (at most
 * two) are summed from their facts, by the same contribution rule the roll-ups are kept with. So a
 * 90-day window reads at most 90 roll-ups and the facts of two part days, whatever the store holds.
 */
@ApplicationScoped
public class WindowCounters {

    private static final Duration DAY = Duration.ofDays(1);

    private final RollupRepository rollups;
    private final FactRepository facts;

    private final RollupBackfill backfill;

    public WindowCounters(RollupRepository rollups, FactRepository facts, RollupBackfill backfill) {
        this.rollups = rollups;
        this.facts = facts;
        this.backfill = backfill;
    }

    /** Day ({@code yyyy-MM-dd}) to its counters, oldest first; days without tickets are absent. */
    public Map<String, Map<String, Long>> perDay(Instant from, Instant to) {
        backfill.requireReady();
        Map<String, Map<String, Long>> days = new TreeMap<>();
        Instant firstWhole = ceilDay(from);
        Instant endWhole = floorDay(to);
        if (!firstWhole.isBefore(endWhole)) {
            addFacts(days, from, to); // no whole day in the window
            return days;
        }
        addFacts(days, from, firstWhole);
        for (Document rollup : rollups.days(day(firstWhole), day(endWhole.minus(DAY)))) {
            Map<String, Long> counters = DailyRollup.flatten(rollup);
            if (!counters.isEmpty()) {
                days.put(rollup.getString("_id"), counters);
            }
        }
        addFacts(days, endWhole, to);
        return days;
    }

    /** The counters of the days summed. */
    public static Map<String, Long> sum(Map<String, Map<String, Long>> days) {
        Map<String, Long> total = new TreeMap<>();
        days.values().forEach(counters -> counters.forEach((path, n) -> total.merge(path, n, Long::sum)));
        return total;
    }

    private void addFacts(Map<String, Map<String, Long>> days, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            return;
        }
        for (TicketFact fact : facts.created(from, to)) {
            Map<String, Long> counters = days.computeIfAbsent(fact.createdDay, d -> new TreeMap<>());
            DailyRollup.contribution(fact).forEach((path, n) -> counters.merge(path, n, Long::sum));
        }
    }

    private static Instant floorDay(Instant instant) {
        return instant.atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static Instant ceilDay(Instant instant) {
        Instant floor = floorDay(instant);
        return floor.equals(instant) ? floor : floor.plus(DAY);
    }

    private static String day(Instant start) {
        return LocalDate.ofInstant(start, ZoneOffset.UTC).toString();
    }
}
