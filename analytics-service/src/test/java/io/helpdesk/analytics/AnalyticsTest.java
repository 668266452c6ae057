package io.helpdesk.analytics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.contracts.TicketEvents;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.TestStreams;
import io.helpdesk.platform.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.path.json.config.JsonPathConfig.NumberReturnType;
import io.restassured.specification.RequestSpecification;

/** Known facts in March 2026, then exact figures. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsTest {

    static final String FROM = "2026-03-01T00:00:00Z";
    static final String TO = "2026-03-08T00:00:00Z";

    private boolean factsIn;

    @BeforeAll
    void loadKnownFacts() {
        RestAssured.config = RestAssured.config().jsonConfig(JsonConfig.jsonConfig().numberReturnType(NumberReturnType.DOUBLE));
        Instant d1 = Instant.parse("2026-03-01T00:00:00Z");
        Instant d1noon = Instant.parse("2026-03-01T12:00:00Z");
        Instant d2 = Instant.parse("2026-03-02T00:00:00Z");
        Instant d3 = Instant.parse("2026-03-03T00:00:00Z");
        Instant d5 = Instant.parse("2026-03-05T00:00:00Z");
        // Out of order: the newer version of t3 arrives before an older one.
        publish(fact("t3", "PENDING", "HIGH", "Network", "c2", "a2", d2, hours(d2, 2), null, null, false, false, 3));
        publish(fact("t1", "RESOLVED", "URGENT", "Hardware", "c1", "a1", d1, hours(d1, 1), hours(d1, 4), null, false, false, 4));
        publish(fact("t2", "CLOSED", "URGENT", "Hardware", "c1", "a1", d1noon, hours(d1noon, 3), hours(d1noon, 10),
                hours(d1noon, 10), true, false, 6));
        publish(fact("t3", "OPEN", "HIGH", "Network", "c2", null, d2, null, null, null, false, false, 1));
        publish(fact("t4", "OPEN", "LOW", "Hardware", "c3", null, d3, null, null, null, false, false, 1));
        publish(fact("t5", "OPEN", "NORMAL", "Billing", "c4", null, d5, null, null, null, false, true, 2));
        TestStreams.Event again = event(fact("t4", "OPEN", "LOW", "Hardware", "c3", null, d3, null, null, null, false, false, 1));
        again.publish();
        again.publish();
        // Events are applied in stream order: once this last one shows, every fact above is in.
        Instant sentinel = Instant.parse("2024-01-01T00:00:00Z");
        publish(fact("sentinel", "CLOSED", "LOW", "Hardware", "c0", null, sentinel, hours(sentinel, 1), hours(sentinel, 1),
                hours(sentinel, 1), false, false, 1));
    }

    /** The facts above are all applied (waited for once, with the test port known). */
    @BeforeEach
    void factsAreIn() {
        if (factsIn) {
            return;
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(Roles.ADMIN)
                .queryParam("from", "2024-01-01T00:00:00Z").queryParam("to", "2024-01-02T00:00:00Z")
                .when().get("/v1/analytics/overview").then().body("report.total", equalTo(1)));
        factsIn = true;
    }

    @Test
    void theOverviewHasTheExactFigures() {
        as(Roles.AGENT).queryParam("from", FROM).queryParam("to", TO).when().get("/v1/analytics/overview").then()
                .statusCode(200)
                .body("report.total", equalTo(4))
                .body("report.byStatus", equalTo(Map.of("RESOLVED", 1, "CLOSED", 1, "PENDING", 1, "OPEN", 1)))
                .body("report.byPriority", equalTo(Map.of("URGENT", 2, "HIGH", 1, "LOW", 1)))
                .body("report.openedPerDay.key", equalTo(List.of("2026-03-01", "2026-03-02", "2026-03-03")))
                .body("report.openedPerDay.count", equalTo(List.of(2, 1, 1)))
                .body("report.firstResponseByPriority.URGENT.count", equalTo(2))
                .body("report.firstResponseByPriority.URGENT.averageSeconds", closeTo(7200.0, 0.01))
                .body("report.firstResponseByPriority.URGENT.medianSeconds", closeTo(7200.0, 0.01))
                .body("report.firstResponseByPriority.HIGH.medianSeconds", closeTo(7200.0, 0.01))
                .body("report.firstResponseByCategory.Hardware.count", equalTo(2))
                .body("report.resolutionByPriority.URGENT.averageSeconds", closeTo(25200.0, 0.01))
                .body("report.resolutionByCategory.Hardware.medianSeconds", closeTo(25200.0, 0.01))
                .body("report.slaBreachRate", closeTo(0.25, 0.0001))
                .body("report.topCategories.key", equalTo(List.of("Hardware", "Network")))
                .body("report.topCategories.count", equalTo(List.of(3, 1)))
                .body("report.topAgents[0].agentId", equalTo("a1"))
                .body("report.topAgents[0].resolved", equalTo(2));
    }

    @Test
    void backlogAndWaitingCustomersCountTicketsOpenNow() {
        as(Roles.ADMIN).queryParam("from", FROM).queryParam("to", TO).when().get("/v1/analytics/overview").then()
                .body("report.customersWithOpenTickets", org.hamcrest.Matchers.greaterThanOrEqualTo(2))
                .body("report.backlogAgeing.'30d+'", org.hamcrest.Matchers.greaterThanOrEqualTo(2))
                .body("report.backlogAgeing.'<1d'", org.hamcrest.Matchers.greaterThanOrEqualTo(0));
    }

    @Test
    void resultsAreCachedUntilNewEventsArrive() {
        String from = "2026-03-01T00:00:00Z";
        String to = "2026-03-04T00:00:00Z";
        as(Roles.ADMIN).queryParam("from", from).queryParam("to", to).when().get("/v1/analytics/overview").then()
                .header("X-Cache", equalTo("MISS")).body("cached", equalTo(false));
        as(Roles.ADMIN).queryParam("from", from).queryParam("to", to).when().get("/v1/analytics/overview").then()
                .header("X-Cache", equalTo("HIT")).body("cached", equalTo(true)).body("report.total", equalTo(4));
        publish(fact("t6", "OPEN", "LOW", "Hardware", "c5", null, Instant.parse("2026-03-03T06:00:00Z"), null, null, null,
                false, false, 1));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                as(Roles.ADMIN).queryParam("from", from).queryParam("to", to).when().get("/v1/analytics/overview").then()
                        .body("cached", equalTo(false)).body("report.total", equalTo(5)));
        publish(fact("t6", "OPEN", "LOW", "Hardware", "c5", null, Instant.parse("2026-03-03T06:00:00Z"), null, null, null,
                false, true, 2));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                as(Roles.ADMIN).queryParam("from", from).queryParam("to", to).when().get("/v1/analytics/overview").then()
                        .body("report.total", equalTo(4)));
    }

    @Test
    void trendsGroupByDayWeekAndMonth() {
        as(Roles.AGENT).queryParam("interval", "week").queryParam("from", FROM).queryParam("to", TO)
                .when().get("/v1/analytics/trends").then().statusCode(200)
                .body("report.period", equalTo(List.of("2026-W09", "2026-W10")))
                .body("report.opened", equalTo(List.of(2, 2)))
                .body("report.resolved", equalTo(List.of(2, 0)))
                .body("report.breached", equalTo(List.of(1, 0)));
        as(Roles.AGENT).queryParam("interval", "month").queryParam("from", FROM).queryParam("to", TO)
                .when().get("/v1/analytics/trends").then()
                .body("report.period", equalTo(List.of("2026-03"))).body("report.opened", equalTo(List.of(4)));
        String csv = as(Roles.AGENT).queryParam("interval", "day").queryParam("from", FROM).queryParam("to", TO)
                .queryParam("format", "csv").when().get("/v1/analytics/trends").then().statusCode(200)
                .contentType(startsWith("text/csv")).extract().asString();
        assertTrue(csv.startsWith("\"period\",\"opened\",\"resolved\",\"breached\"")
                && csv.contains("\"2026-03-01\",\"2\",\"2\",\"1\",\"7200.0\""), csv);
    }

    @Test
    void agentsSeeTheirOwnFigures() {
        given().auth().oauth2(TestTokens.forUser("a1").role(Roles.AGENT).sign()).queryParam("from", FROM).queryParam("to", TO)
                .when().get("/v1/analytics/agents/a1").then().statusCode(200)
                .body("report.assigned", equalTo(2))
                .body("report.resolved", equalTo(2))
                .body("report.open", equalTo(0))
                .body("report.firstResponse.averageSeconds", closeTo(7200.0, 0.01))
                .body("report.slaBreachRate", closeTo(0.5, 0.0001));
        given().auth().oauth2(TestTokens.forUser("a1").role(Roles.AGENT).sign()).when().get("/v1/analytics/agents/a2")
                .then().statusCode(403);
        as(Roles.ADMIN).queryParam("from", FROM).queryParam("to", TO).when().get("/v1/analytics/agents/a2").then()
                .statusCode(200).body("report.open", equalTo(1));
    }

    @Test
    void badParametersAndCallersWhoMustNotGetIn() {
        as(Roles.ADMIN).queryParam("from", TO).queryParam("to", FROM).when().get("/v1/analytics/overview").then()
                .statusCode(400).contentType(startsWith("application/problem+json"));
        as(Roles.ADMIN).queryParam("interval", "fortnight").when().get("/v1/analytics/trends").then().statusCode(400);
        as(Roles.ADMIN).queryParam("format", "xls").when().get("/v1/analytics/overview").then().statusCode(400);
        as(Roles.ADMIN).queryParam("from", "last week").when().get("/v1/analytics/overview").then().statusCode(400);
        as(Roles.ADMIN).queryParam("from", "2000-01-01T00:00:00Z").when().get("/v1/analytics/overview").then().statusCode(400);
        as(Roles.CUSTOMER).when().get("/v1/analytics/overview").then().statusCode(403);
        given().when().get("/v1/analytics/overview").then().statusCode(401);
        as(Roles.AGENT).when().post("/v1/analytics/rebuild").then().statusCode(403);
    }

    @Test
    void exportsCsvAndAPdfWithCharts() {
        String csv = as(Roles.ADMIN).queryParam("from", FROM).queryParam("to", TO).queryParam("format", "csv")
                .when().get("/v1/analytics/overview").then().statusCode(200).contentType(startsWith("text/csv"))
                .header("Content-Disposition", containsString("overview.csv")).extract().asString();
        assertTrue(csv.contains("\"total\",\"tickets\",\"4\"") && csv.contains("\"sla\",\"breach_rate\",\"0.2500\"")
                && csv.contains("\"first_response_by_priority\",\"URGENT/median_seconds\",\"7200.0\""), csv);
        byte[] pdf = as(Roles.ADMIN).queryParam("from", FROM).queryParam("to", TO).queryParam("format", "pdf")
                .when().get("/v1/analytics/overview").then().statusCode(200).contentType("application/pdf")
                .extract().asByteArray();
        String raw = new String(pdf, StandardCharsets.ISO_8859_1);
        assertTrue(raw.startsWith("%PDF-") && raw.contains("/Image"), "a PDF with images");
    }

    @Test
    void reportWindowsOutsideTheYears1970To9999AreRefused() {
        for (String route : List.of("/v1/analytics/overview", "/v1/analytics/trends", "/v1/analytics/agents/a1")) {
            for (String instant : List.of("-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "1969-12-31T23:59:59Z",
                    "+10000-01-01T00:00:00Z")) {
                for (String parameter : List.of("from", "to")) {
                    as(Roles.ADMIN).queryParam(parameter, instant).when().get(route).then().statusCode(400)
                            .contentType(startsWith("application/problem+json"))
                            .body("errors[0].field", equalTo(parameter));
                }
            }
        }
        as(Roles.ADMIN).queryParam("from", "1970-01-01T00:00:00Z").queryParam("to", "1970-01-02T00:00:00Z")
                .when().get("/v1/analytics/overview").then().statusCode(200);
        as(Roles.ADMIN).queryParam("from", "9999-12-30T00:00:00Z").queryParam("to", "9999-12-31T23:59:59Z")
                .when().get("/v1/analytics/overview").then().statusCode(200);
    }

    private static RequestSpecification as(String role) {
        return given().auth().oauth2(TestTokens.forUser(role.toLowerCase() + "-1").role(role).sign());
    }

    private static void publish(TicketEvents.TicketSnapshot snapshot) {
        event(snapshot).publish();
    }

    private static TestStreams.Event event(TicketEvents.TicketSnapshot snapshot) {
        return TestStreams.event(EventType.TICKET_UPDATED, "test", snapshot.ticketId(),
                snapshot.version(), new TicketEvents.Payload(snapshot, null, null, null, List.of()));
    }

    private static TicketEvents.TicketSnapshot fact(String id, String status, String priority, String category,
            String customer, String assignee, Instant created, Instant firstResponse, Instant resolved, Instant closed,
            boolean breached, boolean deleted, long version) {
        return new TicketEvents.TicketSnapshot(id, "Subject " + id, status, priority, category, List.of(), customer, null,
                assignee, created, created, firstResponse, resolved, closed, created.plus(Duration.ofHours(4)), breached,
                deleted, version, null, false);
    }

    private static Instant hours(Instant from, int hours) {
        return from.plus(Duration.ofHours(hours));
    }
}
