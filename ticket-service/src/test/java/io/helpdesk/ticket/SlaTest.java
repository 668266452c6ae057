package io.helpdesk.ticket;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;

import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.ticket.sla.SlaMonitor;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The two SLA targets per priority, their clocks stopped while a ticket waits on the customer, and
 * one breach event per target. Time is moved by writing due and pause times into the stored ticket.
 */
@QuarkusTest
class SlaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    MongoClient mongo;

    @Inject
    SlaMonitor sla;

    @Test
    void aNewTicketHasAFirstResponseAndAResolutionTargetByItsPriority() {
        TicketApi.Person ada = TicketApi.customer();
        JsonPath opened = TicketApi.open(ada, Map.of("subject", "Server down", "description", "All of it", "priority", "URGENT"))
                .then().statusCode(201)
                .body("slaPaused", equalTo(false)).body("slaPausedAt", nullValue())
                .body("firstResponseBreached", equalTo(false)).body("slaBreached", equalTo(false))
                .extract().jsonPath();
        Instant created = Instant.parse(opened.getString("createdAt"));
        assertEquals(created.plus(Duration.ofHours(1)), Instant.parse(opened.getString("firstResponseDueAt")));
        assertEquals(created.plus(Duration.ofHours(4)), Instant.parse(opened.getString("slaDueAt")));

        JsonPath low = TicketApi.open(ada, Map.of("subject", "Font", "description", "Slightly off", "priority", "LOW"))
                .then().statusCode(201).extract().jsonPath();
        Instant lowCreated = Instant.parse(low.getString("createdAt"));
        assertEquals(lowCreated.plus(Duration.ofDays(1)), Instant.parse(low.getString("firstResponseDueAt")));
        assertEquals(lowCreated.plus(Duration.ofDays(3)), Instant.parse(low.getString("slaDueAt")));
        // The list shows the same targets.
        ada.as().queryParam("size", 100).when().get("/v1/ticket").then().statusCode(200)
                .body("items.find { it.id == '" + opened.getString("id") + "' }.firstResponseDueAt", notNullValue())
                .body("items.find { it.id == '" + opened.getString("id") + "' }.slaPaused", equalTo(false));
    }

    @Test
    void waitingOnTheCustomerPausesTheResolutionClockAndTheReplyPushesItForward() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person agent = TicketApi.agent();
        String id = TicketApi.openId(ada, "Which invoice?");
        TicketApi.patch(agent, id, Map.of("status", "PENDING")).then().statusCode(200)
                .body("slaPaused", equalTo(true)).body("slaPausedAt", notNullValue());
        // The customer took two hours to answer.
        Instant pausedAt = Instant.now().minus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        tickets().updateOne(new Document("_id", id), new Document("$set", new Document("slaPausedAt", pausedAt)));
        JsonPath before = ada.as().when().get("/v1/ticket/" + id).then().extract().jsonPath();

        JsonPath after = TicketApi.reply(ada, id, "The March one", false).then().statusCode(200)
                .body("status", equalTo("OPEN")).body("slaPaused", equalTo(false)).body("slaPausedAt", nullValue())
                .extract().jsonPath();

        Duration paused = Duration.between(pausedAt, Instant.parse(after.getString("updatedAt")));
        assertTrue(paused.compareTo(Duration.ofHours(2)) >= 0 && paused.compareTo(Duration.ofHours(2).plusMinutes(1)) < 0);
        assertEquals(Instant.parse(before.getString("slaDueAt")).plus(paused), Instant.parse(after.getString("slaDueAt")));
        // Nobody answered yet: the first-response clock never stopped.
        assertEquals(before.getString("firstResponseDueAt"), after.getString("firstResponseDueAt"));
        assertEquals(paused.toMillis(), stored(id).getLong("slaPausedMillis"));
    }

    @Test
    void aPendingTicketPastItsResolutionTimeIsNotMarkedAndIsMarkedOnceWhenItRunsAgain() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person agent = TicketApi.agent();
        String id = TicketApi.openId(ada, "Refund please");
        TicketApi.reply(agent, id, "Which order?", false).then().statusCode(200).body("status", equalTo("PENDING"));
        tickets().updateOne(new Document("_id", id), new Document("$set",
                new Document("slaDueAt", Instant.now().minus(Duration.ofHours(1)))));

        sla.check();
        ada.as().when().get("/v1/ticket/" + id).then().body("slaBreached", equalTo(false));
        assertEquals(List.of(), breaches(id), "a ticket waiting on the customer is not marked");

        // The customer answers: the clock runs again, a moment later than before, still past its due time.
        TicketApi.reply(ada, id, "Order 42", false).then().statusCode(200).body("status", equalTo("OPEN"));
        sla.check();
        sla.check();

        ada.as().when().get("/v1/ticket/" + id).then()
                .body("slaBreached", equalTo(true)).body("firstResponseBreached", equalTo(false));
        assertEquals(List.of("RESOLUTION"), targets(breaches(id)));
    }

    @Test
    void pendingBeforeAnyPublicReplyDoesNotStopTheFirstResponseClock() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person agent = TicketApi.agent();
        String id = TicketApi.openId(ada, "Refund please");
        TicketApi.patch(agent, id, Map.of("status", "PENDING")).then().statusCode(200);
        Instant past = Instant.now().minus(Duration.ofHours(1));
        tickets().updateOne(new Document("_id", id), new Document("$set",
                new Document("slaDueAt", past).append("firstResponseDueAt", past)));

        sla.check();
        ada.as().when().get("/v1/ticket/" + id).then()
                .body("firstResponseBreached", equalTo(true)).body("slaBreached", equalTo(false));
        assertEquals(List.of("FIRST_RESPONSE"), targets(breaches(id)), "nobody answered: nothing waits on the customer");

        TicketApi.reply(ada, id, "Here is the receipt", false).then().statusCode(200).body("status", equalTo("OPEN"));
        sla.check();
        sla.check();

        ada.as().when().get("/v1/ticket/" + id).then()
                .body("slaBreached", equalTo(true)).body("firstResponseBreached", equalTo(true));
        List<JsonNode> breaches = breaches(id);
        assertEquals(List.of("FIRST_RESPONSE", "RESOLUTION"), targets(breaches));
        for (JsonNode breach : breaches) {
            assertEquals("system", breach.path("actor").asText());
            JsonNode ticket = breach.path("payload").path("ticket");
            String flag = "FIRST_RESPONSE".equals(breach.path("payload").path("slaTarget").asText())
                    ? "firstResponseBreached" : "slaBreached";
            assertTrue(ticket.path(flag).asBoolean(), ticket.toString());
            assertTrue(ticket.hasNonNull("firstResponseDueAt"), ticket.toString());
        }
        agent.as().when().get("/v1/ticket/" + id + "/history").then().statusCode(200)
                .body("items.findAll { it.action == 'sla-breached' }.size()", equalTo(2));
    }

    @Test
    void aTicketLeavingOpenPastItsDueTimesIsMarkedAsItLeaves() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person agent = TicketApi.agent();
        String id = TicketApi.openId(ada, "Resolved late");
        Instant past = Instant.now().minus(Duration.ofMinutes(5));
        tickets().updateOne(new Document("_id", id), new Document("$set",
                new Document("slaDueAt", past).append("firstResponseDueAt", past)));

        // Resolved before the next check came round: the stopped clocks would never be looked at again.
        TicketApi.patch(agent, id, Map.of("status", "RESOLVED")).then().statusCode(200)
                .body("slaBreached", equalTo(true)).body("firstResponseBreached", equalTo(true));
        sla.check();
        List<JsonNode> breaches = breaches(id);
        assertEquals(List.of("FIRST_RESPONSE", "RESOLUTION"), targets(breaches));
        assertEquals("RESOLVED", breaches.get(0).path("payload").path("ticket").path("status").asText());
        List<String> types = TicketApi.eventTypes(id);
        assertEquals(List.of(EventType.TICKET_CREATED.wireName(), EventType.TICKET_STATUS_CHANGED.wireName(),
                EventType.TICKET_SLA_BREACHED.wireName(), EventType.TICKET_SLA_BREACHED.wireName()), types);
        // Analytics keeps the first event of a version: the status change itself must carry both marks.
        JsonNode changed = envelopes(id).get(1);
        assertEquals(EventType.TICKET_STATUS_CHANGED.wireName(), changed.path("type").asText());
        assertTrue(changed.path("payload").path("ticket").path("slaBreached").asBoolean());
        assertTrue(changed.path("payload").path("ticket").path("firstResponseBreached").asBoolean());

        // A staff reply moves a late ticket to PENDING: its resolution is marked then, the reply was in time.
        String replied = TicketApi.openId(ada, "Answered after the resolution target");
        tickets().updateOne(new Document("_id", replied), new Document("$set", new Document("slaDueAt", past)));
        TicketApi.reply(agent, replied, "Done now", false).then().statusCode(200)
                .body("status", equalTo("PENDING")).body("slaBreached", equalTo(true)).body("firstResponseBreached", equalTo(false));
        assertEquals(List.of("RESOLUTION"), targets(breaches(replied)));

        // Closed straight away, the same.
        String closed = TicketApi.openId(ada, "Closed late");
        tickets().updateOne(new Document("_id", closed), new Document("$set", new Document("slaDueAt", past)));
        agent.as().when().patch("/v1/ticket/close-ticket/" + closed).then().statusCode(200).body("slaBreached", equalTo(true));
        assertEquals(List.of("RESOLUTION"), targets(breaches(closed)));
        JsonNode closing = envelopes(closed).get(1);
        assertEquals(EventType.TICKET_CLOSED.wireName(), closing.path("type").asText());
        assertTrue(closing.path("payload").path("ticket").path("slaBreached").asBoolean());
    }

    @Test
    void aMissedTargetStaysMarkedThroughPriorityChangesAndIsAnnouncedOnce() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person agent = TicketApi.agent();
        String id = TicketApi.open(ada, Map.of("subject", "Outage", "description", "Everything", "priority", "URGENT"))
                .then().statusCode(201).extract().path("id");
        Instant created = Instant.now().minus(Duration.ofHours(5));
        tickets().updateOne(new Document("_id", id), new Document("$set", new Document("createdAt", created)
                .append("slaDueAt", created.plus(Duration.ofHours(4))).append("firstResponseDueAt", created.plus(Duration.ofHours(1)))));
        sla.check();
        assertEquals(List.of("FIRST_RESPONSE", "RESOLUTION"), targets(breaches(id)));

        // Lowered, the new due times lie ahead; raised again, they have passed once more.
        TicketApi.patch(agent, id, Map.of("priority", "LOW")).then().statusCode(200)
                .body("slaBreached", equalTo(true)).body("firstResponseBreached", equalTo(true));
        sla.check();
        TicketApi.patch(agent, id, Map.of("priority", "URGENT")).then().statusCode(200)
                .body("slaBreached", equalTo(true)).body("firstResponseBreached", equalTo(true));
        sla.check();

        assertEquals(List.of("FIRST_RESPONSE", "RESOLUTION"), targets(breaches(id)), "one event per target, ever");
    }

    @Test
    void aFirstResponseInTimeIsNoBreachEvenWhenTheTicketRunsLateLater() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person agent = TicketApi.agent();
        String id = TicketApi.openId(ada, "Password reset");
        TicketApi.reply(agent, id, "Sent you a link", false).then().statusCode(200)
                .body("status", equalTo("PENDING")).body("firstResponseBreached", equalTo(false));
        TicketApi.reply(ada, id, "Did not arrive", false).then().statusCode(200).body("status", equalTo("OPEN"));
        tickets().updateOne(new Document("_id", id), new Document("$set",
                new Document("firstResponseDueAt", Instant.now().minus(Duration.ofHours(1)))));

        sla.check();

        ada.as().when().get("/v1/ticket/" + id).then().body("firstResponseBreached", equalTo(false))
                .body("slaBreached", equalTo(false));
        assertEquals(List.of(), breaches(id));
    }

    @Test
    void aFirstResponseAfterItsDueTimeIsMarkedAtTheReplyOnce() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person agent = TicketApi.agent();
        String id = TicketApi.openId(ada, "Nobody answers");
        tickets().updateOne(new Document("_id", id), new Document("$set",
                new Document("firstResponseDueAt", Instant.now().minus(Duration.ofMinutes(5)))));
        // An internal note is no response.
        TicketApi.reply(agent, id, "Checking the queue", true).then().statusCode(200).body("firstResponseBreached", equalTo(false));

        TicketApi.reply(agent, id, "Sorry for the wait", false).then().statusCode(200)
                .body("firstResponseAt", notNullValue()).body("firstResponseBreached", equalTo(true));
        sla.check();

        List<JsonNode> breaches = breaches(id);
        assertEquals(1, breaches.size(), breaches.toString());
        assertEquals("FIRST_RESPONSE", breaches.get(0).path("payload").path("slaTarget").asText());
        assertTrue(breaches.get(0).path("payload").path("ticket").path("firstResponseBreached").asBoolean());
        List<String> types = TicketApi.eventTypes(id);
        assertEquals(List.of(EventType.TICKET_CREATED.wireName(), EventType.TICKET_REPLIED.wireName(),
                EventType.TICKET_REPLIED.wireName(), EventType.TICKET_SLA_BREACHED.wireName()), types);
    }

    @Test
    void aPriorityChangeRecomputesTheResolutionFromCreationPlusThePausedTimeAndTheFirstResponseFromCreation() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person agent = TicketApi.agent();
        String id = TicketApi.openId(ada, "Slow laptop");
        tickets().updateOne(new Document("_id", id), new Document("$set", new Document("slaPausedMillis", 3_600_000L)));

        JsonPath urgent = TicketApi.patch(agent, id, Map.of("priority", "URGENT")).then().statusCode(200).extract().jsonPath();

        Instant created = Instant.parse(urgent.getString("createdAt"));
        assertEquals(created.plus(Duration.ofHours(1)), Instant.parse(urgent.getString("firstResponseDueAt")));
        assertEquals(created.plus(Duration.ofHours(4 + 1)), Instant.parse(urgent.getString("slaDueAt")));
    }

    @Test
    void aReopenedTicketContinuesWithTheTimeItHadLeft() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person agent = TicketApi.agent();
        String id = TicketApi.openId(ada, "Printer jams");
        TicketApi.reply(agent, id, "Replaced the roller", false).then().statusCode(200);
        TicketApi.patch(agent, id, Map.of("status", "RESOLVED")).then().statusCode(200).body("slaPaused", equalTo(true));
        // Resolved for a day, then the customer is back.
        Instant stoppedAt = Instant.now().minus(Duration.ofDays(1));
        tickets().updateOne(new Document("_id", id), new Document("$set", new Document("slaPausedAt", stoppedAt)));
        JsonPath before = ada.as().when().get("/v1/ticket/" + id).then().extract().jsonPath();

        JsonPath reopened = TicketApi.patch(agent, id, Map.of("status", "OPEN")).then().statusCode(200)
                .body("slaPaused", equalTo(false)).extract().jsonPath();

        Duration stopped = Duration.between(Instant.parse(before.getString("slaPausedAt")), Instant.parse(reopened.getString("updatedAt")));
        assertTrue(stopped.compareTo(Duration.ofDays(1)) >= 0, stopped.toString());
        assertEquals(Instant.parse(before.getString("slaDueAt")).plus(stopped), Instant.parse(reopened.getString("slaDueAt")));
        // The first response was given: its target is settled and stays as it was.
        assertEquals(before.getString("firstResponseDueAt"), reopened.getString("firstResponseDueAt"));
    }

    @Test
    void aTicketStoredBeforeTheFirstResponseTargetKeepsWorkingWithItsResolutionTargetOnly() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person agent = TicketApi.agent();
        String id = TicketApi.openId(ada, "From the old days");
        Instant past = Instant.now().minus(Duration.ofHours(1));
        tickets().updateOne(new Document("_id", id), new Document("$unset", new Document("firstResponseDueAt", "")
                .append("firstResponseBreached", "").append("slaPausedAt", "").append("slaPausedMillis", ""))
                .append("$set", new Document("slaDueAt", past)));

        ada.as().when().get("/v1/ticket/" + id).then().statusCode(200)
                .body("firstResponseDueAt", nullValue()).body("firstResponseBreached", equalTo(false))
                .body("slaPaused", equalTo(false));
        sla.check();

        List<JsonNode> breaches = breaches(id);
        assertEquals(1, breaches.size(), breaches.toString());
        assertEquals("RESOLUTION", breaches.get(0).path("payload").path("slaTarget").asText());
        assertTrue(breaches.get(0).path("payload").path("ticket").path("firstResponseDueAt").isNull());
        // Pending and back without a recorded pause start: nothing to push, nothing breaks.
        TicketApi.patch(agent, id, Map.of("status", "PENDING")).then().statusCode(200);
        tickets().updateOne(new Document("_id", id), new Document("$unset", new Document("slaPausedAt", "")));
        TicketApi.reply(ada, id, "Still there?", false).then().statusCode(200).body("status", equalTo("OPEN"));
        assertNull(stored(id).get("slaPausedAt"));
    }

    private MongoCollection<Document> tickets() {
        return mongo.getDatabase("tickets").getCollection("tickets");
    }

    private Document stored(String id) {
        return tickets().find(new Document("_id", id)).first();
    }

    /** The targets of these breach events, sorted. */
    private static List<String> targets(List<JsonNode> breaches) {
        return breaches.stream().map(b -> b.path("payload").path("slaTarget").asText()).sorted().toList();
    }

    /** The TicketSlaBreached envelopes of the ticket, oldest first. */
    private static List<JsonNode> breaches(String id) {
        return envelopes(id).stream().filter(e -> EventType.TICKET_SLA_BREACHED.wireName().equals(e.path("type").asText()))
                .toList();
    }

    /** Every envelope of the ticket, oldest first. */
    private static List<JsonNode> envelopes(String id) {
        return TicketApi.events(id).stream()
                .map(e -> {
                    try {
                        return JSON.readTree(e.get("envelope"));
                    } catch (java.io.IOException failed) {
                        throw new IllegalStateException(failed);
                    }
                }).toList();
    }
}
