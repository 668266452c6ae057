package io.helpdesk.notification;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.helpdesk.notification.delivery.DeliveryRepository;
import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.contracts.Channels;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.RedisTestResource;
import io.helpdesk.platform.testing.TestStreams;
import io.helpdesk.platform.testing.TestTokens;
import io.helpdesk.platform.web.paging.Keyset;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class NotificationAdminTest {

    private static final Duration WAIT = Duration.ofSeconds(40);

    @Test
    void onlyAdminsReadTheLogAndEveryoneOnlyTheirOwnPreferences() {
        given().when().get("/v1/notifications").then().statusCode(401);
        given().auth().oauth2(TestTokens.forUser("u").role(Roles.AGENT).sign()).when().get("/v1/notifications")
                .then().statusCode(403);
        given().auth().oauth2(NotificationDeliveryTest.admin()).queryParam("status", "LOST").when()
                .get("/v1/notifications").then().statusCode(400);
        given().when().get("/v1/notifications/preferences").then().statusCode(401);
        given().auth().oauth2(TestTokens.forUser("u").sign()).contentType("application/json").body("{\"ticketMail\":\"maybe\"}")
                .when().put("/v1/notifications/preferences").then().statusCode(400);
        given().auth().oauth2(NotificationDeliveryTest.admin()).when().post("/v1/notifications/no-such/retry")
                .then().statusCode(404);
    }

    @Test
    void aMalformedDeadLetterIdIsRefused() {
        for (String id : List.of("not-an-id", "1-", "-", "+", "18446744073709551616-0", "1-18446744073709551616", "1.5-0")) {
            given().auth().oauth2(NotificationDeliveryTest.admin())
                    .when().post("/v1/notifications/dead/" + Channels.TICKETS_STREAM + "/" + id + "/retry")
                    .then().statusCode(400).contentType(startsWith("application/problem+json"))
                    .body("errors[0].field", equalTo("id"));
        }
        given().auth().oauth2(NotificationDeliveryTest.admin())
                .when().post("/v1/notifications/dead/" + Channels.TICKETS_STREAM + "/18446744073709551615-0/retry")
                .then().statusCode(404);
        given().auth().oauth2(NotificationDeliveryTest.admin())
                .when().post("/v1/notifications/dead/NOT_A_STREAM/1-0/retry").then().statusCode(400);
    }

    @Test
    void theDeliveryLogPagesByCursorNewestFirstEveryDeliveryOnceEvenWhenDeliveriesComeMeanwhile() {
        String userId = UUID.randomUUID().toString();
        for (int i = 0; i < 5; i++) {
            request("paged-" + i + "-" + userId, userId);
        }
        String admin = NotificationDeliveryTest.admin();
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(admin).queryParam("userId", userId)
                .queryParam("total", true).when().get("/v1/notifications").then().body("total", equalTo(5)));
        List<String> all = given().auth().oauth2(admin).queryParam("userId", userId).when().get("/v1/notifications").then()
                .statusCode(200).body("total", nullValue()).body("next", nullValue()).extract().path("items.id");
        String base = "/v1/notifications?userId=" + userId + "&size=2";
        List<String> seen = new ArrayList<>();
        List<String> times = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().auth().oauth2(admin).queryParam("userId", userId).queryParam("size", 2);
            var answer = (cursor == null ? request : request.queryParam("cursor", cursor)).when().get("/v1/notifications")
                    .then().statusCode(200)
                    .body("items.createdAt", everyItem(matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z")))
                    .extract();
            seen.addAll(answer.path("items.id"));
            times.addAll(answer.path("items.createdAt"));
            String next = answer.path("next");
            String first = "<" + base + ">; rel=\"first\"";
            assertEquals(next == null ? first : first + ", <" + base + "&cursor=" + next + ">; rel=\"next\"",
                    answer.header("Link"));
            if (pages == 0) {
                // A newer delivery meanwhile: it sorts before the cursor, so later pages neither repeat nor skip.
                request("paged-late-" + userId, userId);
                Awaitility.await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(admin).queryParam("userId", userId)
                        .queryParam("total", true).when().get("/v1/notifications").then().body("total", equalTo(6)));
            }
            cursor = next;
            pages++;
        } while (cursor != null);
        assertEquals(all, seen);
        assertEquals(3, pages);
        assertEquals(times.stream().sorted(Comparator.reverseOrder()).toList(), times);
    }

    @Test
    void theDeliveryLogRefusesThePageNumberAForeignCursorAndCallersWhoAreNotAdmins() {
        String admin = NotificationDeliveryTest.admin();
        for (String page : List.of("0", "2")) {
            given().auth().oauth2(admin).queryParam("page", page).when().get("/v1/notifications").then().statusCode(400)
                    .body("errors[0].field", equalTo("page")).body("errors[0].detail", equalTo("replaced by cursor"));
        }
        for (String cursor : List.of("not a cursor!", "bm90LWJzb24", "x".repeat(513),
                // Another list sorted alike, and a forged value that would be an operator in the filter.
                Keyset.encode(Keyset.Order.descending("audit", "createdAt"), new Keyset.Position(new java.util.Date(), "d1")),
                Keyset.encode(DeliveryRepository.NEWEST_FIRST, new Keyset.Position(new org.bson.Document("$bogus", 1), "d1")))) {
            given().auth().oauth2(admin).queryParam("cursor", cursor).when().get("/v1/notifications").then().statusCode(400)
                    .body("errors[0].field", equalTo("cursor"));
        }
        for (String total : List.of("maybe", "1", "TRUE", "yes")) {
            given().auth().oauth2(admin).queryParam("total", total).when().get("/v1/notifications").then().statusCode(400)
                    .body("errors[0].field", equalTo("total"));
        }
        given().when().get("/v1/notifications").then().statusCode(401).header("Link", nullValue());
        for (String role : List.of(Roles.CUSTOMER, Roles.AGENT, Roles.SERVICE)) {
            given().auth().oauth2(TestTokens.forUser("u").role(role).sign()).when().get("/v1/notifications")
                    .then().statusCode(403).header("Link", nullValue());
        }
    }

    private static void request(String eventId, String userId) {
        Mails.publish(EventType.NOTIFICATION_REQUESTED, eventId,
                Map.of("template", "analytics-report", "userId", userId, "values", Map.of(), "attachments", List.of()));
    }

    @Test
    void theDeliveryLogDeclaresItsLinkHeaderAndItsBody() {
        String spec = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200).extract().asString();
        io.restassured.path.json.JsonPath json = new io.restassured.path.json.JsonPath(spec);
        Map<String, Object> ok = json.getMap("paths.'/v1/notifications'.get.responses.'200'");
        assertEquals("string", json.getString("paths.'/v1/notifications'.get.responses.'200'.headers.Link.schema.type"));
        org.junit.jupiter.api.Assertions.assertNotNull(json.get("paths.'/v1/notifications'.get.responses.'200'.content.'application/json'.schema"), ok::toString);
    }

    @Test
    void aDeliveryToAnUnknownRecipientDiesAndAnAdminRetriesIt() throws Exception {
        String userId = UUID.randomUUID().toString();
        Mails.publish(EventType.NOTIFICATION_REQUESTED, "r-1",
                Map.of("template", "analytics-report", "userId", userId, "values", Map.of(), "attachments", java.util.List.of()));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(NotificationDeliveryTest.admin())
                .queryParam("userId", userId).when().get("/v1/notifications").then()
                .body("items[0].status", equalTo("DEAD"))
                .body("items[0].attempts", equalTo(4))
                .body("items[0].lastError", containsString("No address")));
        String id = given().auth().oauth2(NotificationDeliveryTest.admin()).queryParam("userId", userId)
                .when().get("/v1/notifications").then().extract().path("items[0].id");

        String email = NotificationDeliveryTest.unique("late");
        Mails.user(userId, email, "Late", "en");
        NotificationDeliveryTest.awaitOne(email);
        given().auth().oauth2(NotificationDeliveryTest.admin()).when().post("/v1/notifications/" + id + "/retry")
                .then().statusCode(200).body("status", equalTo("QUEUED"));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertEquals(2, Mails.to(email).size()));
        assertEquals("Your help-desk report", Mails.to(email).get(1).subject());
        given().auth().oauth2(NotificationDeliveryTest.admin()).when().post("/v1/notifications/" + id + "/retry")
                .then().statusCode(409);
    }

    @Test
    void aPoisonMessageMovesToTheDeadLetterStreamAndCanBeRequeued() {
        String poison = TestStreams.publishRaw(Channels.TICKETS_STREAM, "poison-1", "TicketCreated", "{not json");
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(NotificationDeliveryTest.admin())
                .queryParam("stream", Channels.TICKETS_STREAM).when().get("/v1/notifications/dead").then()
                .statusCode(200)
                .body("originalId", hasItem(poison)));
        String deadId = given().auth().oauth2(NotificationDeliveryTest.admin())
                .queryParam("stream", Channels.TICKETS_STREAM).when().get("/v1/notifications/dead").then()
                .extract().path("find { it.originalId == '" + poison + "' }.id");
        long before = (Long) RedisTestResource.call("XLEN", Channels.TICKETS_STREAM);

        given().auth().oauth2(NotificationDeliveryTest.admin())
                .when().post("/v1/notifications/dead/" + Channels.TICKETS_STREAM + "/" + deadId + "/retry")
                .then().statusCode(204);
        assertEquals(before + 1, RedisTestResource.call("XLEN", Channels.TICKETS_STREAM));
        assertEquals(List.of(), RedisTestResource.call("XRANGE", Channels.deadLetters(Channels.TICKETS_STREAM), deadId, deadId));
        given().auth().oauth2(NotificationDeliveryTest.admin())
                .when().post("/v1/notifications/dead/" + Channels.TICKETS_STREAM + "/" + deadId + "/retry")
                .then().statusCode(404);
        given().auth().oauth2(NotificationDeliveryTest.admin()).queryParam("stream", "events.elsewhere")
                .when().get("/v1/notifications/dead").then().statusCode(404);
    }

    @Test
    void metricsCountOutcomesAndConsumerLag() {
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("helpdesk_stream_lag{stream=\"events.users\"}"))
                .body(containsString("helpdesk_stream_handled_total"));
        // The lag is read from XINFO GROUPS for this service's group (platform/events): a number, never NaN.
        TestStreams.publish(EventType.USER_REGISTERED, "test", "lag-" + UUID.randomUUID(), 1,
                Map.of("userId", "lag-user", "email", "lag@example.com", "name", "Lag"));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().when().get("/q/metrics").then()
                .body(org.hamcrest.Matchers.matchesRegex(
                        "(?s).*helpdesk_stream_lag\\{stream=\"events.users\"\\} [0-9]+\\.[0-9].*")));
    }
}
