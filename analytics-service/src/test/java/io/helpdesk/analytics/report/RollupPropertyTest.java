package io.helpdesk.analytics.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import io.helpdesk.analytics.facts.DailyRollup;
import io.helpdesk.analytics.facts.FactRepository;
import io.helpdesk.analytics.facts.RollupRepository;
import io.helpdesk.analytics.facts.TicketFact;
import io.helpdesk.analytics.facts.TicketProjection;
import io.helpdesk.platform.contracts.TicketEvents.TicketSnapshot;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Random ticket histories delivered shuffled, with duplicates, then replayed whole: the roll-ups kept
 * from the events equal the roll-ups summed afresh from the facts, and the overview and the trends read
 * from them equal the old aggregation over every fact of the window (whole days and part days), on the
 * real MongoDB-wire server: counts, sums and averages exactly, medians within the duration buckets'
 * precision ({@link DailyRollup#BUCKET_PRECISION}, under 1%).
 */
@QuarkusTest
class RollupPropertyTest {

    private static final List<String> STATUSES = List.of("OPEN", "PENDING", "RESOLVED", "CLOSED");
    private static final List<String> PRIORITIES = List.of("LOW", "NORMAL", "HIGH", "URGENT");
    /** At most five, so the top five hold every one (the old aggregation's ties have no order). */
    private static final List<String> CATEGORIES = java.util.Arrays.asList("Hardware", "a.b", "$x", "50%2E", null);
    private static final List<String> AGENTS = java.util.Arrays.asList("a1", "a.2", "$a3", null);
    private static final int TRIALS = 12;

    @Inject
    TicketProjection projection;
    @Inject
    FactRepository facts;
    @Inject
    RollupRepository rollups;
    @Inject
    Reports reports;

    @Test
    void rollUpsEqualAFreshAggregationWhateverTheOrderAndRepetitionOfTheEvents() {
        FactAggregation oracle = new FactAggregation(facts.mongoCollection().withDocumentClass(Document.class));
        for (int trial = 0; trial < TRIALS; trial++) {
            Random random = new Random(20_260 + trial);
            LocalDate first = LocalDate.of(2040 + trial, 1, 10);
            Instant from = first.atStartOfDay(ZoneOffset.UTC).toInstant();
            List<TicketSnapshot> events = histories(random, from, "trial" + trial + "-");
            List<TicketSnapshot> delivered = new ArrayList<>(events);
            for (int i = 0; i < events.size() / 3; i++) {
                delivered.add(events.get(random.nextInt(events.size())));
            }
            Collections.shuffle(delivered, random);
            delivered.forEach(projection::apply);
            Map<String, Map<String, Long>> kept = stored(first, first.plusDays(3));
            List<TicketSnapshot> replay = new ArrayList<>(events);
            Collections.shuffle(replay, random);
            replay.forEach(projection::apply);
            String context = "trial " + trial + " (seed " + (20_260 + trial) + ")";
            assertEquals(kept, stored(first, first.plusDays(3)), context + ": a replay changed the roll-ups");
            assertEquals(fresh(from, from.plus(Duration.ofDays(3))), kept, context);

            Instant now = Instant.now();
            for (Instant[] window : List.of(new Instant[] { from, from.plus(Duration.ofDays(3)) },
                    new Instant[] { from.plus(Duration.ofHours(7)), from.plus(Duration.ofDays(3)).minus(Duration.ofHours(5)) },
                    new Instant[] { from.plus(Duration.ofHours(27)), from.plus(Duration.ofHours(44)) },
                    new Instant[] { from.minus(Duration.ofDays(40)), from.plus(Duration.ofDays(50)) })) {
                String at = context + " window " + window[0] + ".." + window[1];
                Reports.Overview exact = oracle.overview(window[0], window[1], now);
                Reports.Overview rolled = reports.overview(window[0], window[1], now);
                assertEquals(comparable(exact), comparable(rolled), at);
                assertMedians(exact, rolled, at);
                for (String interval : List.of("day", "week", "month")) {
                    assertEquals(comparable(oracle.trends(interval, window[0], window[1])),
                            comparable(reports.trends(interval, window[0], window[1])), at + " " + interval);
                }
            }
        }
    }

    /** Up to five versions of each of 30 tickets created over three days; each version a random state. */
    private static List<TicketSnapshot> histories(Random random, Instant from, String prefix) {
        List<TicketSnapshot> events = new ArrayList<>();
        for (int t = 0; t < 30; t++) {
            Instant created = from.plusSeconds(random.nextInt(3 * 24 * 3600));
            int versions = 1 + random.nextInt(5);
            for (int v = 1; v <= versions; v++) {
                String status = pick(random, STATUSES);
                boolean done = status.equals("RESOLVED") || status.equals("CLOSED");
                Instant firstResponse = random.nextInt(3) == 0 ? null : created.plusSeconds(600L * random.nextInt(8));
                Instant resolved = done ? created.plusSeconds(1800L * (1 + random.nextInt(6))) : null;
                Instant due = random.nextBoolean() ? created.plusSeconds(3600L * (1 + random.nextInt(3))) : null;
                events.add(new TicketSnapshot(prefix + t, "subject", status, pick(random, PRIORITIES), pick(random, CATEGORIES),
                        List.of(), "customer-" + random.nextInt(4), null, pick(random, AGENTS), created, created.plusSeconds(v),
                        firstResponse, resolved, status.equals("CLOSED") ? resolved : null, created.plusSeconds(3600L * 4),
                        random.nextBoolean(), random.nextInt(10) == 0, v, due, random.nextBoolean()));
            }
        }
        return events;
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private Map<String, Map<String, Long>> stored(LocalDate first, LocalDate last) {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        for (Document rollup : rollups.days(first.toString(), last.toString())) {
            Map<String, Long> counters = DailyRollup.flatten(rollup);
            if (!counters.isEmpty()) {
                out.put(rollup.getString("_id"), counters);
            }
        }
        return out;
    }

    private Map<String, Map<String, Long>> fresh(Instant from, Instant to) {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        for (TicketFact fact : facts.created(from, to)) {
            Map<String, Long> counters = out.computeIfAbsent(fact.createdDay, d -> new TreeMap<>());
            DailyRollup.contribution(fact).forEach((path, n) -> counters.merge(path, n, Long::sum));
        }
        return out;
    }

    /** An overview as plain values, averages rounded, the top categories as a set, names left out. */
    private static Map<String, Object> comparable(Reports.Overview o) {
        Map<String, Object> out = new TreeMap<>();
        out.put("total", o.total());
        out.put("byStatus", new TreeMap<>(o.byStatus()));
        out.put("byPriority", new TreeMap<>(o.byPriority()));
        out.put("openedPerDay", o.openedPerDay());
        out.put("firstResponseByPriority", times(o.firstResponseByPriority()));
        out.put("firstResponseByCategory", times(o.firstResponseByCategory()));
        out.put("resolutionByPriority", times(o.resolutionByPriority()));
        out.put("resolutionByCategory", times(o.resolutionByCategory()));
        out.put("slaBreachRate", round(o.slaBreachRate()));
        out.put("slaBreaches", o.slaBreaches());
        out.put("firstResponseBreaches", o.firstResponseBreaches());
        out.put("firstResponseBreachRate", round(o.firstResponseBreachRate()));
        out.put("backlogAgeing", o.backlogAgeing());
        out.put("topCategories", o.topCategories().stream().map(c -> c.key() + "=" + c.count()).sorted().toList());
        out.put("topAgents", o.topAgents().stream().map(a -> List.of(a.agentId(), a.resolved(), String.valueOf(round(a.averageFirstResponseSeconds())),
                a.firstResponseBreaches())).toList());
        out.put("customersWithOpenTickets", o.customersWithOpenTickets());
        return out;
    }

    private static List<String> comparable(List<Reports.TrendPoint> points) {
        return points.stream().map(p -> p.period() + " " + p.opened() + " " + p.resolved() + " " + p.breached() + " "
                + round(p.averageFirstResponseSeconds()) + " " + p.firstResponseBreached()).toList();
    }

    /** Count and average (exact); the medians are compared by {@link #assertMedians}. */
    private static Map<String, String> times(Map<String, Reports.Times> times) {
        return times.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().count() + " " + round(e.getValue().averageSeconds()) + " " + (e.getValue().medianSeconds() == null),
                (a, b) -> a, TreeMap::new));
    }

    /** Each rolled-up median within the bucket precision (±1%) of the exact median. */
    private static void assertMedians(Reports.Overview exact, Reports.Overview rolled, String at) {
        assertMedians(exact.firstResponseByPriority(), rolled.firstResponseByPriority(), at + " frt/priority");
        assertMedians(exact.firstResponseByCategory(), rolled.firstResponseByCategory(), at + " frt/category");
        assertMedians(exact.resolutionByPriority(), rolled.resolutionByPriority(), at + " res/priority");
        assertMedians(exact.resolutionByCategory(), rolled.resolutionByCategory(), at + " res/category");
    }

    private static void assertMedians(Map<String, Reports.Times> exact, Map<String, Reports.Times> rolled, String at) {
        exact.forEach((group, times) -> {
            Double expected = times.medianSeconds();
            Double actual = rolled.get(group).medianSeconds();
            if (expected == null) {
                assertEquals(null, actual, at + " " + group);
            } else {
                assertEquals(expected, actual, Math.abs(expected) * DailyRollup.BUCKET_PRECISION + 1e-9, at + " " + group);
            }
        });
    }

    private static Double round(Double value) {
        return value == null ? null : Math.round(value * 1_000_000) / 1_000_000.0;
    }
}
