package io.helpdesk.analytics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.helpdesk.analytics.facts.DailyRollup;
import io.helpdesk.analytics.facts.FactRepository;
import io.helpdesk.analytics.facts.RollupRepository;
import io.helpdesk.analytics.facts.TicketFact;
import io.helpdesk.analytics.facts.TicketProjection;
import io.helpdesk.analytics.rebuild.RollupBackfill;
import io.helpdesk.platform.contracts.TicketEvents.TicketSnapshot;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * The roll-ups repaired, on the real MongoDB-wire server: built from the facts after an upgrade, a
 * roll-up step whose {@code $inc} failed applied when the event comes again, and two rebuilds started at
 * once giving one job.
 */
@QuarkusTest
class RollupRepairTest {

    private static final String ROUTE = "/v1/analytics/rebuild";

    @Inject
    MongoClient mongo;
    @Inject
    TicketProjection projection;
    @Inject
    FactRepository facts;
    @Inject
    RollupRepository rollups;
    @Inject
    RollupBackfill backfill;

    @AfterEach
    void nothingLeftRunning() {
        TicketServiceStub.reset();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            Document lock = db().getCollection("rebuild_lock").find().first();
            return lock == null || lock.getString("jobId") == null;
        });
        backfill.ensureBuilt();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(rollups::built);
    }

    @Test
    void anUpgradedInstallationBuildsItsRollupsFromTheFactsInTheBackgroundAndReportsWaitUntilThen() {
        LocalDate first = LocalDate.of(2081, 3, 4);
        for (int day = 0; day < 3; day++) {
            for (int t = 0; t < 4; t++) {
                projection.apply(ticket("upgrade-" + day + "-" + t, first.plusDays(day), t % 2 == 0 ? "OPEN" : "RESOLVED", 1));
            }
        }
        // as a version before roll-ups left it: facts only, no roll-ups, no mark, no write counter
        db().getCollection(RollupRepository.COLLECTION).deleteMany(new Document());
        db().getCollection(RollupRepository.STATE).deleteMany(new Document());
        db().getCollection(FactRepository.COLLECTION).updateMany(new Document(), Updates.unset("rev"));

        // while a rebuild runs elsewhere, the reports wait for it
        String elsewhere = "job-elsewhere";
        db().getCollection("rebuild_jobs").insertOne(new Document("_id", elsewhere).append("state", "RUNNING").append("phase", "TICKETS")
                .append("owner", "another-replica").append("leaseUntil", Date.from(Instant.now().plusSeconds(600))));
        db().getCollection("rebuild_lock").updateOne(Filters.eq("_id", "rebuild"), Updates.set("jobId", elsewhere),
                new com.mongodb.client.model.UpdateOptions().upsert(true));
        backfill.ensureBuilt();
        as(Roles.ADMIN).queryParam("from", first + "T00:00:00Z").queryParam("to", first.plusDays(3) + "T00:00:00Z").when()
                .get("/v1/analytics/overview").then().statusCode(503).header("Retry-After", notNullValue())
                .body("detail", containsString(elsewhere));
        db().getCollection("rebuild_jobs").deleteOne(Filters.eq("_id", elsewhere));
        db().getCollection("rebuild_lock").updateOne(Filters.eq("_id", "rebuild"), Updates.set("jobId", null));

        backfill.ensureBuilt();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(rollups::built);
        Document job = db().getCollection("rebuild_jobs").find(Filters.eq("phase", "ROLLUPS")).sort(new Document("startedAt", -1)).first();
        assertNotNull(job);
        assertEquals("DONE", job.getString("state"));
        assertEquals(0L, ((Number) job.get("ticketsRead")).longValue(), "the facts are there: no ticket is read");
        assertEquals(fresh(first, 3), stored(first, 3));

        // the first event of an existing ticket after the upgrade moves its day by its own step only
        projection.apply(ticket("upgrade-0-0", first, "RESOLVED", 2));
        assertEquals(fresh(first, 3), stored(first, 3));
        as(Roles.ADMIN).queryParam("from", first + "T00:00:00Z").queryParam("to", first.plusDays(3) + "T00:00:00Z").when()
                .get("/v1/analytics/overview").then().statusCode(200);
    }

    @Test
    void aRollupStepWhoseIncFailedIsAppliedWhenTheEventComesAgain() {
        LocalDate day = LocalDate.of(2082, 5, 6);
        String id = "lost-delta-1";
        // a roll-up the $inc cannot add to (a counter that is not a number): the fact is written, the step not
        breakRollup(day);
        assertThrows(RuntimeException.class, () -> projection.apply(ticket(id, day, "OPEN", 1)));
        Document fact = db().getCollection(FactRepository.COLLECTION).find(Filters.eq("_id", id)).first();
        assertNotNull(fact.get("pendingRollup"), "the step not applied stays on the fact");
        // a newer version while the step is still pending adds its own step to it
        assertThrows(RuntimeException.class, () -> projection.apply(ticket(id, day, "RESOLVED", 2)));

        db().getCollection(RollupRepository.COLLECTION).deleteOne(Filters.eq("_id", day.toString())); // the fault is gone
        // an older version does not change the fact, but applies the steps still pending on it (so the reports are dropped)
        assertEquals(true, projection.apply(ticket(id, day, "OPEN", 1)));
        assertNull(db().getCollection(FactRepository.COLLECTION).find(Filters.eq("_id", id)).first().get("pendingRollup"));
        assertEquals(fresh(day, 1), stored(day, 1));
        assertEquals(1L, stored(day, 1).get(day.toString()).get("resolved"));

        // read again once more: nothing is counted twice
        projection.apply(ticket(id, day, "RESOLVED", 2));
        assertEquals(fresh(day, 1), stored(day, 1));
        assertEquals(1L, stored(day, 1).get(day.toString()).get("total"));
    }

    /**
     * The property: however live events interleave with a recompute of their day (a rebuild, the start-up
     * backfill), once every event is handled the roll-up equals the sum of the day's facts — no change lost
     * to the recompute's write, none counted by the recompute and applied again. In each trial three writers
     * send random versions (newer than the last trial's, out of order, repeated, some deleting) of a day's
     * tickets, an event refused while the day is recomputed sent again as the stream would, and the day is
     * recomputed once, halfway; the roll-up is checked after every trial, so a miscount of any trial shows.
     */
    @Test
    void eventsAppliedWhileTheirDayIsRecomputedAreCountedOnce() throws Exception {
        LocalDate day = LocalDate.of(2083, 7, 8);
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        int tickets = 12;
        int writers = 3;
        int events = 40;
        for (int t = 0; t < tickets; t++) {
            projection.apply(ticket("race-" + t, day, "OPEN", 1));
        }
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        try {
            for (int trial = 0; trial < 30; trial++) {
                long base = 2 + trial * (long) events;
                CountDownLatch halfway = new CountDownLatch(writers * events / 2);
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    java.util.Random random = new java.util.Random(7919L * trial + w);
                    done.add(pool.submit(() -> {
                        for (int e = 0; e < events; e++) {
                            String status = List.of("OPEN", "PENDING", "RESOLVED", "CLOSED").get(random.nextInt(4));
                            TicketSnapshot event = ticket("race-" + random.nextInt(tickets), day, status, base + random.nextInt(events),
                                    random.nextInt(8) == 0);
                            for (int delivery = 1;; delivery++) {
                                try {
                                    projection.apply(event);
                                    break;
                                } catch (RollupRepository.DayRecomputing busy) {
                                    refused.incrementAndGet(); // the stream sends it again, a little later
                                    assertTrue(delivery < 10_000, "an event waits for its day forever");
                                    Thread.sleep(1);
                                }
                            }
                            halfway.countDown();
                        }
                        return null;
                    }));
                }
                halfway.await();
                assertEquals(java.util.Optional.of(day.toString()), projection.recomputeNextDay(start));
                for (Future<?> f : done) {
                    f.get();
                }
                assertEquals(0L, db().getCollection(FactRepository.COLLECTION)
                        .countDocuments(Filters.and(Filters.regex("_id", "^race-"), Filters.ne("pendingRollup", null))),
                        "trial " + trial + ": no step is left pending");
                assertEquals(fresh(day, 1), stored(day, 1), "trial " + trial + ": the roll-up is the sum of its facts");
                Document rollup = db().getCollection(RollupRepository.COLLECTION).find(Filters.eq("_id", day.toString())).first();
                assertTrue(rollup == null || rollup.get(RollupRepository.LOCK) == null, "trial " + trial + ": the day is free");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A start-up build of the roll-ups that ran out of attempts is started again, and builds them once the fault is gone. */
    @Test
    void aRollupBuildThatFailedIsStartedAgain() {
        LocalDate day = LocalDate.of(2084, 1, 2);
        String id = "retried-build-1";
        projection.apply(ticket(id, day, "RESOLVED", 1));
        // roll-ups never built, and a fact the build cannot write (its write counter is not a number)
        db().getCollection(RollupRepository.COLLECTION).deleteMany(new Document());
        db().getCollection(RollupRepository.STATE).deleteMany(new Document());
        db().getCollection(FactRepository.COLLECTION).updateOne(Filters.eq("_id", id), Updates.set("rev", "not a number"));
        long failedBefore = db().getCollection("rebuild_jobs").countDocuments(Filters.eq("state", "FAILED"));
        backfill.ensureBuilt();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> db().getCollection("rebuild_jobs").countDocuments(Filters.eq("state", "FAILED")) > failedBefore);
        as(Roles.ADMIN).queryParam("from", day + "T00:00:00Z").queryParam("to", day.plusDays(1) + "T00:00:00Z").when()
                .get("/v1/analytics/overview").then().statusCode(503);

        db().getCollection(FactRepository.COLLECTION).updateOne(Filters.eq("_id", id), Updates.set("rev", 1L)); // the fault is gone
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(rollups::built);
        assertEquals(fresh(day, 1), stored(day, 1));
        as(Roles.ADMIN).queryParam("from", day + "T00:00:00Z").queryParam("to", day.plusDays(1) + "T00:00:00Z").when()
                .get("/v1/analytics/overview").then().statusCode(200).body("report.total", org.hamcrest.Matchers.is(1));
    }

    @Test
    void twoRebuildsStartedAtOnceGiveOneJobAndAConflict() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                TicketServiceStub.reset();
                TicketServiceStub.tickets = List.of(TicketServiceStub.OPEN);
                TicketServiceStub.hold = new CountDownLatch(1);
                long before = db().getCollection("rebuild_jobs").countDocuments();
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<Integer>> answers = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    answers.add(pool.submit(() -> {
                        together.await();
                        return as(Roles.ADMIN).when().post(ROUTE).then().extract().statusCode();
                    }));
                }
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> answer : answers) {
                    statuses.add(answer.get());
                }
                statuses.sort(null);
                try {
                    assertEquals(List.of(202, 409), statuses, "round " + round);
                    assertEquals(before + 1, db().getCollection("rebuild_jobs").countDocuments(), "round " + round + ": one job");
                    assertEquals(1L, db().getCollection("rebuild_jobs").countDocuments(Filters.eq("state", "RUNNING")), "round " + round);
                } finally {
                    TicketServiceStub.hold.countDown();
                }
                Awaitility.await().atMost(Duration.ofSeconds(30))
                        .until(() -> db().getCollection("rebuild_jobs").countDocuments(Filters.eq("state", "RUNNING")) == 0);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void breakRollup(LocalDate day) {
        db().getCollection(RollupRepository.COLLECTION).replaceOne(Filters.eq("_id", day.toString()),
                new Document("_id", day.toString()).append("total", "not a number"),
                new com.mongodb.client.model.ReplaceOptions().upsert(true));
    }

    private static TicketSnapshot ticket(String id, LocalDate day, String status, long version) {
        return ticket(id, day, status, version, false);
    }

    private static TicketSnapshot ticket(String id, LocalDate day, String status, long version, boolean deleted) {
        Instant created = day.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(3));
        Instant resolved = "RESOLVED".equals(status) ? created.plus(Duration.ofHours(2)) : null;
        Instant response = created.plus(Duration.ofMinutes(30));
        return new TicketSnapshot(id, "subject", status, "HIGH", "Hardware", List.of(), "customer-1", null, "agent-1", created,
                created.plusSeconds(version), response, resolved, null, created.plus(Duration.ofHours(8)), false, deleted, version,
                created.plus(Duration.ofHours(1)), false);
    }

    /** The stored roll-ups of the days, as flat counters. */
    private Map<String, Map<String, Long>> stored(LocalDate first, int days) {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        for (Document rollup : rollups.days(first.toString(), first.plusDays(days - 1).toString())) {
            Map<String, Long> counters = DailyRollup.flatten(rollup);
            if (!counters.isEmpty()) {
                out.put(rollup.getString("_id"), counters);
            }
        }
        return out;
    }

    /** The roll-ups of the days summed afresh from the facts. */
    private Map<String, Map<String, Long>> fresh(LocalDate first, int days) {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        for (int d = 0; d < days; d++) {
            Instant start = first.plusDays(d).atStartOfDay(ZoneOffset.UTC).toInstant();
            Map<String, Long> sum = new TreeMap<>();
            for (TicketFact fact : facts.created(start, start.plus(Duration.ofDays(1)))) {
                DailyRollup.contribution(fact).forEach((path, n) -> sum.merge(path, n, Long::sum));
            }
            if (!sum.isEmpty()) {
                out.put(first.plusDays(d).toString(), sum);
            }
        }
        return out;
    }

    private MongoDatabase db() {
        return mongo.getDatabase("analytics");
    }

    private static RequestSpecification as(String role) {
        return given().auth().oauth2(TestTokens.forUser(role.toLowerCase() + "-1").role(role).sign());
    }
}
