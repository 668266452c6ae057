package io.helpdesk.analytics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.contracts.TicketEvents;
import io.helpdesk.platform.contracts.UserEvents;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.TestStreams;
import io.helpdesk.platform.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.path.json.config.JsonPathConfig.NumberReturnType;
import io.restassured.specification.RequestSpecification;

/** First-response breaches beside the SLA figures, and agents shown by name from events.users (September 2022). */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FirstResponseAndNamesTest {

    static final String FROM = "2022-09-01T00:00:00Z";
    static final String TO = "2022-09-08T00:00:00Z";
    static final String GRACE = "fr-agent-grace";
    /** An agent the directory has never heard of: rows show the id and a null name. */
    static final String UNKNOWN = "fr-agent-unknown";

    @BeforeAll
    void publishPeopleAndTickets() {
        RestAssured.config = RestAssured.config().jsonConfig(JsonConfig.jsonConfig().numberReturnType(NumberReturnType.DOUBLE));
        TestStreams.publish(EventType.USER_REGISTERED, "auth-service", GRACE, 1, UserEvents.Payload.account(GRACE,
                "grace@example.com", "Grace Hopper", "en", Roles.AGENT, null, null, null, "ACTIVE", true));
        Instant d = Instant.parse("2022-09-01T08:00:00Z");
        // Answered an hour late, marked by the ticket-service at the reply, then resolved.
        publish(ticket("fr-1", "RESOLVED", GRACE, d, d.plus(Duration.ofHours(1)), d.plus(Duration.ofHours(2)),
                d.plus(Duration.ofHours(3)), true));
        // Answered in time and resolved.
        publish(ticket("fr-2", "RESOLVED", GRACE, d, d.plus(Duration.ofHours(1)), d.plus(Duration.ofMinutes(30)),
                d.plus(Duration.ofHours(3)), false));
        // Never answered; the ticket-service's check marked it.
        publish(ticket("fr-3", "OPEN", UNKNOWN, d, d.plus(Duration.ofHours(1)), null, null, true));
        // Opened before there was a first-response target.
        publish(ticket("fr-4", "OPEN", null, d, null, null, null, false));
    }

    private boolean eventsIn;

    /** The events above are all applied (waited for once, with the test port known). */
    @BeforeEach
    void eventsAreIn() {
        if (!eventsIn) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(Roles.ADMIN).queryParam("from", FROM)
                    .queryParam("to", TO).when().get("/v1/analytics/overview").then()
                    .body("report.total", equalTo(4)).body("report.topAgents[0].agentName", equalTo("Grace Hopper")));
            eventsIn = true;
        }
    }

    @Test
    void theOverviewCountsFirstResponseBreachesBesideTheSlaFigures() {
        as(Roles.AGENT).queryParam("from", FROM).queryParam("to", TO).when().get("/v1/analytics/overview").then()
                .statusCode(200)
                .body("report.firstResponseBreaches", equalTo(2))
                // Of the three tickets with a first-response target (fr-4 has none).
                .body("report.firstResponseBreachRate", closeTo(2.0 / 3, 0.0001))
                .body("report.slaBreaches", equalTo(0))
                .body("report.slaBreachRate", closeTo(0.0, 0.0001))
                .body("report.topAgents.size()", equalTo(1))
                .body("report.topAgents[0].agentId", equalTo(GRACE))
                .body("report.topAgents[0].agentName", equalTo("Grace Hopper"))
                .body("report.topAgents[0].resolved", equalTo(2))
                .body("report.topAgents[0].firstResponseBreaches", equalTo(1));
        as(Roles.AGENT).queryParam("interval", "day").queryParam("from", FROM).queryParam("to", TO)
                .when().get("/v1/analytics/trends").then().statusCode(200)
                .body("report.period", equalTo(List.of("2022-09-01")))
                .body("report.firstResponseBreached", equalTo(List.of(2)));
    }

    @Test
    void agentRowsCarryTheNameBesideTheIdAndNullForSomeoneUnknown() {
        given().auth().oauth2(TestTokens.forUser(GRACE).role(Roles.AGENT).sign()).queryParam("from", FROM)
                .queryParam("to", TO).when().get("/v1/analytics/agents/" + GRACE).then().statusCode(200)
                .body("report.agentId", equalTo(GRACE))
                .body("report.agentName", equalTo("Grace Hopper"))
                .body("report.assigned", equalTo(2))
                .body("report.firstResponseBreaches", equalTo(1))
                .body("report.firstResponseBreachRate", closeTo(0.5, 0.0001));
        as(Roles.ADMIN).queryParam("from", FROM).queryParam("to", TO).when().get("/v1/analytics/agents/" + UNKNOWN).then()
                .statusCode(200)
                .body("report.agentName", nullValue())
                .body("report.firstResponseBreaches", equalTo(1))
                .body("report.firstResponseBreachRate", closeTo(1.0, 0.0001));
    }

    @Test
    void theCsvExportsCarryTheFirstResponseFiguresAndTheAgentsNames() throws java.io.IOException {
        String csv = as(Roles.ADMIN).queryParam("from", FROM).queryParam("to", TO).queryParam("format", "csv")
                .when().get("/v1/analytics/overview").then().statusCode(200).extract().asString();
        List<CSVRecord> records = CSVFormat.RFC4180.parse(new StringReader(csv)).getRecords();
        assertEquals("2", cell(records, "first_response_sla", "breaches"), csv);
        assertEquals("0.6667", cell(records, "first_response_sla", "breach_rate"), csv);
        assertEquals("0", cell(records, "sla", "breaches"), csv);
        assertEquals("Grace Hopper", cell(records, "top_agent_name", GRACE), csv);
        assertEquals("1", cell(records, "top_agent_first_response_breaches", GRACE), csv);

        String trends = as(Roles.ADMIN).queryParam("from", FROM).queryParam("to", TO).queryParam("format", "csv")
                .when().get("/v1/analytics/trends").then().statusCode(200).extract().asString();
        assertTrue(trends.startsWith("\"period\",\"opened\",\"resolved\",\"breached\",\"average_first_response_seconds\","
                + "\"first_response_breached\"") && trends.contains("\"2022-09-01\",\"4\",\"2\",\"0\",\"4500.0\",\"2\""), trends);
    }

    @Test
    void aRenamedAgentShowsTheNewNameInTheNextReport() {
        String other = "fr-agent-renamed";
        TestStreams.publish(EventType.USER_REGISTERED, "auth-service", other, 1, UserEvents.Payload.account(other,
                "ada@example.com", "Ada", "en", Roles.AGENT, null, null, null, "ACTIVE", true));
        Instant d = Instant.parse("2022-10-03T08:00:00Z");
        publish(ticket("fr-renamed", "RESOLVED", other, d, d.plus(Duration.ofHours(1)), d.plus(Duration.ofMinutes(10)),
                d.plus(Duration.ofHours(1)), false));
        String from = "2022-10-01T00:00:00Z";
        String to = "2022-10-08T00:00:00Z";
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(Roles.ADMIN).queryParam("from", from)
                .queryParam("to", to).when().get("/v1/analytics/overview").then()
                .body("report.topAgents[0].agentName", equalTo("Ada")));
        // The cached report is dropped when the directory changes, not only when facts do.
        TestStreams.publish(EventType.USER_UPDATED, "auth-service", other, 2, UserEvents.Payload.account(other,
                "ada@example.com", "Ada Lovelace", "en", Roles.AGENT, null, null, null, "ACTIVE", true));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(Roles.ADMIN).queryParam("from", from)
                .queryParam("to", to).when().get("/v1/analytics/overview").then()
                .body("report.topAgents[0].agentName", equalTo("Ada Lovelace")));
    }

    @Test
    void underTheTwoTargetsTheTicketServicesMarksCountNotTheTimes() {
        Instant d = Instant.parse("2022-11-01T08:00:00Z");
        // Waited on the customer for hours, resolved after slaDueAt by the wall clock, within its target: not marked.
        publish(ticket("fr-paused", "RESOLVED", GRACE, d, d.plus(Duration.ofHours(1)), d.plus(Duration.ofMinutes(30)),
                d.plus(Duration.ofHours(10)), false));
        // From before the targets: its resolution clock never stopped, so resolving after slaDueAt is a breach.
        publish(ticket("fr-old", "RESOLVED", GRACE, d, null, d.plus(Duration.ofMinutes(30)), d.plus(Duration.ofHours(10)), false));
        String from = "2022-11-01T00:00:00Z";
        String to = "2022-11-08T00:00:00Z";
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(Roles.ADMIN).queryParam("from", from)
                .queryParam("to", to).when().get("/v1/analytics/overview").then().body("report.total", equalTo(2)));

        as(Roles.ADMIN).queryParam("from", from).queryParam("to", to).when().get("/v1/analytics/overview").then()
                .statusCode(200)
                .body("report.slaBreaches", equalTo(1))
                .body("report.slaBreachRate", closeTo(0.5, 0.0001))
                .body("report.firstResponseBreaches", equalTo(0))
                .body("report.firstResponseBreachRate", closeTo(0.0, 0.0001));
        given().auth().oauth2(TestTokens.forUser(GRACE).role(Roles.AGENT).sign()).queryParam("from", from)
                .queryParam("to", to).when().get("/v1/analytics/agents/" + GRACE).then().statusCode(200)
                .body("report.assigned", equalTo(2)).body("report.slaBreaches", equalTo(1));
    }

    @Test
    void callersWhoMustNotGetInStillDoNot() {
        as(Roles.CUSTOMER).queryParam("from", FROM).queryParam("to", TO).when().get("/v1/analytics/agents/" + GRACE)
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.forUser(UNKNOWN).role(Roles.AGENT).sign()).when()
                .get("/v1/analytics/agents/" + GRACE).then().statusCode(403);
        given().when().get("/v1/analytics/agents/" + GRACE).then().statusCode(401);
    }

    private static String cell(List<CSVRecord> records, String section, String key) {
        Map<String, String> rows = records.stream().filter(r -> r.get(0).equals(section))
                .collect(Collectors.toMap(r -> r.get(1), r -> r.get(2)));
        return rows.get(key);
    }

    private static void publish(TicketEvents.TicketSnapshot snapshot) {
        TestStreams.event(EventType.TICKET_UPDATED, "test", snapshot.ticketId(), snapshot.version(),
                new TicketEvents.Payload(snapshot, null, null, null, List.of())).publish();
    }

    private static TicketEvents.TicketSnapshot ticket(String id, String status, String assignee, Instant created,
            Instant firstResponseDue, Instant firstResponse, Instant resolved, boolean firstResponseBreached) {
        return new TicketEvents.TicketSnapshot(id, "Subject " + id, status, "HIGH", "Accounts", List.of(), "customer-" + id,
                null, assignee, created, created, firstResponse, resolved, null, created.plus(Duration.ofHours(8)), false,
                false, 1, firstResponseDue, firstResponseBreached);
    }

    private static RequestSpecification as(String role) {
        return given().auth().oauth2(TestTokens.forUser(role.toLowerCase() + "-1").role(role).sign());
    }
}
