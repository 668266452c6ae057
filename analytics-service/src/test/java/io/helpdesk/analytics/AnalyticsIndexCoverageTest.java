package io.helpdesk.analytics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.mongodb.client.model.IndexModel;

import io.helpdesk.analytics.facts.TicketProjection;
import io.helpdesk.analytics.store.AnalyticsIndexes;
import io.helpdesk.platform.contracts.TicketEvents.TicketSnapshot;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.TestTokens;
import io.helpdesk.platform.testing.index.IndexCoverage;
import io.helpdesk.platform.testing.index.QueryShape;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * Every query the reports, the projection and the rebuild run is served by an index declared in
 * {@link AnalyticsIndexes} (or by {@code _id}), by the equality–sort–range rule. The queries are not
 * listed by hand: every report is asked for with every option its route accepts and every kind of
 * window, events of every kind are applied, and a rebuild runs through both its phases, while the
 * MongoDB client records what it sends.
 */
@QuarkusTest
class AnalyticsIndexCoverageTest {

    /** What each report route accepts besides the window (as its {@code @Pattern}s say). */
    private static final List<String> FORMATS = List.of("json", "csv", "pdf");
    private static final List<String> INTERVALS = List.of("day", "week", "month");
    /** The collections whose every query is recorded ({@code report_runs} is also swept by platform/events' outbox relay). */
    private static final List<String> RECORDED = List.of("ticket_facts", "daily_rollups", "rebuild_jobs", "rebuild_lock");

    @Inject
    RecordedQueries queries;
    @Inject
    TicketProjection projection;

    @Test
    void everyQueryTheServiceRunsIsServedByADeclaredIndex() {
        queries.start(Set.copyOf(RECORDED));
        try {
            applyEventsOfEveryKind();
            askForEveryReport();
            runARebuild();
        } finally {
            Map<String, List<QueryShape>> byCollection = new TreeMap<>();
            queries.stop().forEach(r -> byCollection.computeIfAbsent(r.collection(), c -> new ArrayList<>()).add(r.shape()));
            for (String collection : RECORDED) {
                assertTrue(byCollection.containsKey(collection), "no query recorded on " + collection + ": " + byCollection.keySet());
            }
            // A query by _id is served by the _id index whatever else it checks: it finds one document at most.
            byCollection.forEach((collection, shapes) -> IndexCoverage.assertServed(
                    shapes.stream().filter(shape -> !shape.equality().contains("_id")).toList(), served(collection)));
        }
    }

    @Test
    void theScheduledReportRunsQueriesAreServedToo() {
        // ReportRunRepository's queries; the take is by _id.
        List<QueryShape> shapes = List.of(QueryShape.named("report_runs waiting").equality("status").build());
        IndexCoverage.assertServed(shapes, served("report_runs"));
    }

    private static List<IndexModel> served(String collection) {
        return IndexCoverage.withId(AnalyticsIndexes.DECLARED.get(collection));
    }

    private void applyEventsOfEveryKind() {
        Instant created = Instant.parse("2030-06-03T10:00:00Z");
        TicketSnapshot v1 = ticket("coverage-1", "OPEN", created, null, false, 1);
        TicketSnapshot v2 = ticket("coverage-1", "RESOLVED", created, created.plusSeconds(3600), false, 2);
        projection.apply(v1); // new
        projection.apply(v2); // newer
        projection.apply(v1); // older: no change
        projection.apply(v2); // again: no change
        projection.apply(ticket("coverage-1", "RESOLVED", created, created.plusSeconds(3600), true, 3)); // deleted
        projection.apply(ticket("coverage-2", "OPEN", created.plusSeconds(60), null, false, 1));
    }

    private static TicketSnapshot ticket(String id, String status, Instant created, Instant resolved, boolean deleted, long version) {
        return new TicketSnapshot(id, "subject", status, "HIGH", "Coverage", List.of(), "customer", null, "agent-c", created, created,
                created.plusSeconds(600), resolved, null, created.plusSeconds(7200), false, deleted, version, null, false);
    }

    private void askForEveryReport() {
        List<String[]> windows = List.of(
                new String[] { "2030-06-01T00:00:00Z", "2030-06-08T00:00:00Z" }, // whole days only
                new String[] { "2030-06-01T06:00:00Z", "2030-06-08T18:00:00Z" }, // part days at both ends
                new String[] { "2030-06-03T06:00:00Z", "2030-06-03T18:00:00Z" }, // within one day
                new String[] { "2027-06-03T06:00:00Z", "2030-06-03T06:00:00Z" }, // the longest window
                new String[] { null, null }); // the default window
        for (String[] window : windows) {
            for (String format : FORMATS) {
                report(window).queryParam("format", format).when().get("/v1/analytics/overview").then().statusCode(200);
            }
            for (String interval : INTERVALS) {
                for (String format : List.of("json", "csv")) {
                    report(window).queryParam("interval", interval).queryParam("format", format).when().get("/v1/analytics/trends")
                            .then().statusCode(200);
                }
            }
            report(window).when().get("/v1/analytics/agents/agent-c").then().statusCode(200);
        }
    }

    private void runARebuild() {
        TicketServiceStub.reset();
        TicketServiceStub.tickets = TicketServiceStub.many("coverage-rebuild", "2030-06-05", 150);
        TicketServiceStub.hold = new java.util.concurrent.CountDownLatch(1);
        try {
            String location = as().when().post("/v1/analytics/rebuild").then().statusCode(202).extract().header("Location");
            String job = location.substring(location.indexOf("/v1/analytics/rebuild"));
            as().when().post("/v1/analytics/rebuild").then().statusCode(409);
            TicketServiceStub.hold.countDown();
            Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> !"RUNNING".equals(
                    as().when().get(job).then().statusCode(200).extract().jsonPath().getString("state")));
        } finally {
            TicketServiceStub.reset();
        }
    }

    private static RequestSpecification report(String[] window) {
        RequestSpecification request = as();
        if (window[0] != null) {
            request = request.queryParam("from", window[0]).queryParam("to", window[1]);
        }
        return request;
    }

    private static RequestSpecification as() {
        return given().auth().oauth2(TestTokens.forUser("admin-1").role(Roles.ADMIN).sign());
    }
}
