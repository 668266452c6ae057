package io.helpdesk.analytics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.hamcrest.CustomTypeSafeMatcher;
import org.hamcrest.Matcher;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;

import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** The rebuild as a background job against a ticket-service stand-in serving pages by cursor. */
@QuarkusTest
class RebuildJobTest {

    private static final String ROUTE = "/v1/analytics/rebuild";

    @Inject
    MongoClient mongo;

    @BeforeEach
    void freshStub() {
        TicketServiceStub.reset();
    }

    @AfterEach
    void nothingLeftRunning() {
        TicketServiceStub.reset();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            Document lock = db().getCollection("rebuild_lock").find().first();
            return lock == null || lock.getString("jobId") == null;
        });
    }

    @Test
    void anAdminStartsARebuildAndFollowsItToTheEnd() {
        TicketServiceStub.tickets = List.of(TicketServiceStub.RESOLVED, TicketServiceStub.OPEN);
        String admin = TestTokens.forUser("admin-1").role(Roles.ADMIN).sign();
        var started = given().auth().oauth2(admin).when().post(ROUTE).then().statusCode(202)
                .header("Location", matchesPattern(".*/v1/analytics/rebuild/[0-9a-f-]{36}$"))
                .body("state", equalTo("RUNNING")).body("phase", equalTo("TICKETS")).body("finishedAt", nullValue())
                .extract();
        String location = started.header("Location");
        JsonPath done = awaitEnd(location.substring(location.indexOf(ROUTE)));
        assertEquals("DONE", done.getString("state"));
        assertEquals(2, done.getLong("ticketsRead"));
        assertEquals(1, done.getLong("pages"));
        assertTrue(done.getLong("rollupDays") >= 2, done.prettify());
        // Read with analytics' own SERVICE token from the client-credentials grant, never the admin's.
        String used = TicketServiceStub.LAST_AUTHORIZATION.get();
        assertNotEquals("Bearer " + admin, used);
        String claims = new String(java.util.Base64.getUrlDecoder().decode(used.substring(7).split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(claims.contains("\"sub\":\"service:analytics\"") && claims.contains("\"" + Roles.SERVICE + "\""), claims);
        as(Roles.ADMIN).queryParam("from", "2025-01-01T00:00:00Z").queryParam("to", "2025-02-01T00:00:00Z")
                .when().get("/v1/analytics/overview").then().body("report.total", number(2))
                .body("report.resolutionByPriority.HIGH.averageSeconds", number(14400))
                // The first-response target where the ticket-service lists it; a ticket without one has none.
                .body("report.firstResponseBreaches", number(1));
    }

    @Test
    void itPagesTheTicketListByCursorOldestFirstAndCountsEachTicketOnce() {
        TicketServiceStub.tickets = TicketServiceStub.many("paged", "2025-02-03", 250);
        JsonPath done = awaitEnd(start());
        assertEquals("DONE", done.getString("state"));
        assertEquals(250, done.getLong("ticketsRead"));
        assertEquals(3, done.getLong("pages"));
        assertEquals(250, done.getLong("applied"));
        assertEquals(List.of("", "p100", "p200"), TicketServiceStub.REQUESTS.stream().map(q -> q.getOrDefault("cursor", "")).toList());
        assertTrue(TicketServiceStub.REQUESTS.stream().allMatch(q -> "createdAt".equals(q.get("sort")) && "100".equals(q.get("size"))
                && !q.containsKey("page")), TicketServiceStub.REQUESTS.toString());
        overviewTotal("2025-02-03T00:00:00Z", "2025-02-04T00:00:00Z", 250);
    }

    @Test
    void aFailedPageIsRetriedFromTheSavedCursorWithoutCountingATicketTwice() {
        TicketServiceStub.tickets = TicketServiceStub.many("interrupted", "2025-03-03", 250);
        TicketServiceStub.failAt = "p100";
        TicketServiceStub.failures.set(3); // the call and its two retries
        String job = start();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(Roles.ADMIN).when().get(job).then()
                .statusCode(200).body("failures", number(1)).body("error", startsWith("ProblemException"))
                .body("ticketsRead", number(100)));
        JsonPath done = awaitEnd(job);
        assertEquals("DONE", done.getString("state"), done.prettify());
        assertEquals(250, done.getLong("ticketsRead"));
        assertEquals(3, done.getLong("pages"));
        assertEquals(0, done.getInt("failures"));
        assertEquals(null, done.getString("error"));
        List<String> cursors = TicketServiceStub.REQUESTS.stream().map(q -> q.getOrDefault("cursor", "")).toList();
        assertEquals(1, cursors.stream().filter(""::equals).count(), "the first page is read once: " + cursors);
        assertEquals(1, cursors.stream().filter("p200"::equals).count(), cursors.toString());
        overviewTotal("2025-03-03T00:00:00Z", "2025-03-04T00:00:00Z", 250);
    }

    @Test
    void aRebuildLeftByAStoppedReplicaIsTakenUpFromItsSavedCursor() {
        TicketServiceStub.tickets = TicketServiceStub.many("resumed", "2025-04-07", 250);
        String id = java.util.UUID.randomUUID().toString();
        // As a replica that stopped after two pages left it: the lock held, RUNNING, its lease over.
        db().getCollection("rebuild_lock").replaceOne(new Document("_id", "rebuild"), new Document("_id", "rebuild").append("jobId", id),
                new com.mongodb.client.model.ReplaceOptions().upsert(true));
        db().getCollection("rebuild_jobs").insertOne(new Document("_id", id).append("state", "RUNNING").append("phase", "TICKETS")
                .append("cursor", "p200").append("rollupDay", null).append("ticketsRead", 200L).append("applied", 0L)
                .append("pages", 2L).append("rollupDays", 0L).append("failures", 0).append("startedAt", new Date())
                .append("updatedAt", new Date()).append("finishedAt", null).append("error", null).append("owner", "stopped-replica")
                .append("leaseUntil", Date.from(Instant.now().minusSeconds(1))));
        JsonPath done = awaitEnd(ROUTE + "/" + id);
        assertEquals("DONE", done.getString("state"));
        assertEquals(250, done.getLong("ticketsRead"));
        assertEquals(3, done.getLong("pages"));
        assertEquals(List.of("p200"), TicketServiceStub.REQUESTS.stream().map(q -> q.getOrDefault("cursor", "")).toList());
    }

    @Test
    void aSecondStartWhileOneRunsIsAConflictAndAfterItAStartIsAllowed() {
        TicketServiceStub.tickets = List.of(TicketServiceStub.OPEN);
        TicketServiceStub.hold = new CountDownLatch(1);
        String job = start();
        try {
            as(Roles.ADMIN).when().post(ROUTE).then().statusCode(409).contentType(startsWith("application/problem+json"))
                    .body("detail", org.hamcrest.Matchers.containsString(job));
            as(Roles.ADMIN).when().get(job).then().statusCode(200).body("state", equalTo("RUNNING"));
        } finally {
            TicketServiceStub.hold.countDown();
        }
        assertEquals("DONE", awaitEnd(job).getString("state"));
        assertEquals("DONE", awaitEnd(start()).getString("state"));
    }

    @Test
    void onlyAnAdminStartsOrReadsARebuild() {
        String unknown = ROUTE + "/" + java.util.UUID.randomUUID();
        for (String role : List.of(Roles.AGENT, Roles.CUSTOMER)) {
            as(role).when().post(ROUTE).then().statusCode(403);
            as(role).when().get(unknown).then().statusCode(403);
        }
        given().when().post(ROUTE).then().statusCode(401);
        given().when().get(unknown).then().statusCode(401);
        as(Roles.ADMIN).when().get(unknown).then().statusCode(404).contentType(startsWith("application/problem+json"));
        as(Roles.ADMIN).when().get(ROUTE + "/not-a-job").then().statusCode(400).contentType(startsWith("application/problem+json"));
    }

    private String start() {
        String location = as(Roles.ADMIN).when().post(ROUTE).then().statusCode(202).body("id", notNullValue()).extract().header("Location");
        return location.substring(location.indexOf(ROUTE));
    }

    private JsonPath awaitEnd(String job) {
        return Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                .until(() -> as(Roles.ADMIN).when().get(job).then().statusCode(200).extract().jsonPath(),
                        body -> !"RUNNING".equals(body.getString("state")));
    }

    private static void overviewTotal(String from, String to, int total) {
        as(Roles.ADMIN).queryParam("from", from).queryParam("to", to).when().get("/v1/analytics/overview").then()
                .statusCode(200).body("report.total", number(total)).body("report.openedPerDay[0].count", number(total));
    }

    /** A JSON number of this value, however the JSON reader is configured to return numbers. */
    private static Matcher<Object> number(long value) {
        return new CustomTypeSafeMatcher<>("the number " + value) {
            @Override
            protected boolean matchesSafely(Object item) {
                return item instanceof Number n && n.doubleValue() == value;
            }
        };
    }

    private MongoDatabase db() {
        return mongo.getDatabase("analytics");
    }

    private static RequestSpecification as(String role) {
        return given().auth().oauth2(TestTokens.forUser(role.toLowerCase() + "-1").role(role).sign());
    }
}
