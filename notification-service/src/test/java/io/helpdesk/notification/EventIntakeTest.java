package io.helpdesk.notification;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.helpdesk.platform.contracts.Channels;
import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.contracts.TicketEvents;
import io.helpdesk.platform.contracts.UserEvents;
import io.helpdesk.platform.testing.RedisTestResource;
import io.helpdesk.platform.testing.TestStreams;
import io.helpdesk.platform.testing.ThrownExceptions;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What the platform's subscription base does with what arrives on the streams, as this service sees
 * it: a type from a newer producer is skipped, never dead-lettered; a type that belongs to another
 * stream or a payload that is not the stream's record can never succeed and is dead-lettered at once;
 * and an event's trace reaches the delivery it causes.
 */
@QuarkusTest
class EventIntakeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** A few rounds of the streams' polling (every second here). */
    private static final Duration POLL_ROUNDS = Duration.ofMillis(3500);

    @Test
    void aTypeThisBuildDoesNotKnowIsSkippedNotDeadLettered() {
        String envelope = "{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"TicketTeleported\",\"occurredAt\":\""
                + Instant.now() + "\",\"version\":1,\"actor\":\"a\",\"subject\":\"s\",\"payload\":{\"ticket\":null}}";
        String id = TestStreams.publishRaw(Channels.TICKETS_STREAM, "newer-1", "TicketTeleported", envelope);
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().when().get("/q/metrics").then()
                .body(containsString("helpdesk_stream_skipped_total{stream=\"events.tickets\"}")));
        assertEquals(List.of(), RedisTestResource.call("XPENDING", Channels.TICKETS_STREAM, "notification-service", id, id, "1"));
        assertTrue(deadIds(Channels.TICKETS_STREAM).stream().noneMatch(id::equals), "not a dead letter");
    }

    @Test
    void anEventOnTheWrongStreamOrWithTheWrongRecordIsDeadLetteredAtOnce() {
        // A user event on the ticket stream, and a ticket event whose payload is not a ticket payload.
        TestStreams.Event misplaced = TestStreams.event(EventType.USER_REGISTERED, "a", "u-1", 1,
                UserEvents.Payload.of("u-1", "u1@example.com", "U", "en", "CUSTOMER", null));
        String wrongStream = TestStreams.publishRaw(Channels.TICKETS_STREAM, misplaced.id(), misplaced.type(),
                misplaced.envelope());
        TestStreams.Event wrongRecord = TestStreams.event(EventType.TICKET_CREATED, "a", "t-1", 1,
                Map.of("ticket", "not a ticket"));
        String badPayload = TestStreams.publishRaw(Channels.TICKETS_STREAM, wrongRecord.id(), wrongRecord.type(),
                wrongRecord.envelope());
        Awaitility.await().atMost(WAIT).untilAsserted(() -> {
            List<Map<String, String>> dead = TestStreams.entries(Channels.deadLetters(Channels.TICKETS_STREAM));
            assertTrue(dead.stream().anyMatch(d -> wrongStream.equals(d.get("dead.originalId"))
                    && d.get("dead.error").contains("does not travel on events.tickets")), dead.toString());
            assertTrue(dead.stream().anyMatch(d -> badPayload.equals(d.get("dead.originalId"))
                    && d.get("dead.error").contains("Not a Payload payload")), dead.toString());
        });
    }

    @Test
    void theEventsTraceReachesTheDeliveryItCauses() {
        String customer = UUID.randomUUID().toString();
        String traceId = UUID.randomUUID().toString().replace("-", "");
        TicketEvents.TicketSnapshot ticket = new TicketEvents.TicketSnapshot(UUID.randomUUID().toString(), "Traced",
                "OPEN", "NORMAL", null, List.of(), customer, customer + "@example.com", null, Instant.now(),
                Instant.now(), null, null, null, Instant.now(), false, false, 1, null, false);
        TestStreams.event(EventType.TICKET_CREATED, customer, ticket.ticketId(), 1,
                new TicketEvents.Payload(ticket, null, null, null, List.of()),
                "00-" + traceId + "-00f067aa0ba902b7-01").publish();
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(NotificationDeliveryTest.admin())
                .queryParam("userId", customer).when().get("/v1/notifications").then().statusCode(200)
                .body("items[0].traceId", org.hamcrest.Matchers.equalTo(traceId)));
    }

    @Test
    void aConsumerGroupRedisLostIsMadeAgainAndTheEventsAfterItAreHandled() {
        // Redis lost the stream and its consumer group (a restart without persistence).
        RedisTestResource.call("DEL", Channels.TICKETS_STREAM);
        String customer = UUID.randomUUID().toString();
        TicketEvents.TicketSnapshot ticket = new TicketEvents.TicketSnapshot(UUID.randomUUID().toString(), "After a loss",
                "OPEN", "NORMAL", null, List.of(), customer, customer + "@example.com", null, Instant.now(),
                Instant.now(), null, null, null, Instant.now(), false, false, 1, null, false);
        TestStreams.event(EventType.TICKET_CREATED, customer, ticket.ticketId(), 1,
                new TicketEvents.Payload(ticket, null, null, null, List.of())).publish();
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(NotificationDeliveryTest.admin())
                .queryParam("userId", customer).when().get("/v1/notifications").then().statusCode(200)
                .body("items.size()", org.hamcrest.Matchers.greaterThan(0)));
    }

    @Test
    void pollingTheStreamsMakesNoException() throws InterruptedException {
        // The group was asked for again on every round, and Redis answered each ask with an error.
        try (ThrownExceptions thrown = ThrownExceptions.record()) {
            Thread.sleep(POLL_ROUNDS.toMillis());
            ThrownExceptions.collectGarbage(); // as may come in any window

            assertEquals(List.of(), thrown.onServiceThreads());
        }
    }

    private static List<String> deadIds(String stream) {
        return TestStreams.entries(Channels.deadLetters(stream)).stream().map(d -> d.get("dead.originalId")).toList();
    }
}
