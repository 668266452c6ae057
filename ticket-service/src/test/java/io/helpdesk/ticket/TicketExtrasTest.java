package io.helpdesk.ticket;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;

import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.contracts.Channels;
import io.helpdesk.ticket.sla.SlaMonitor;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class TicketExtrasTest {

    @Inject
    RedisDataSource redis;

    @Inject
    MongoClient mongo;

    @Inject
    SlaMonitor sla;

    @Test
    void watchersAreAJunctionAndAreToldThroughEvents() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person agent = TicketApi.agent();
        TicketApi.Person boss = TicketApi.customer();
        String id = TicketApi.openId(ada, "Watch me");

        ada.as().contentType("application/json").body("{}").when().post("/v1/ticket/" + id + "/watchers").then().statusCode(201);
        ada.as().contentType("application/json").body("{}").when().post("/v1/ticket/" + id + "/watchers").then().statusCode(200);
        ada.as().contentType("application/json").body(Map.of("userId", boss.id()))
                .when().post("/v1/ticket/" + id + "/watchers").then().statusCode(403);
        agent.as().contentType("application/json").body(Map.of("userId", boss.id()))
                .when().post("/v1/ticket/" + id + "/watchers").then().statusCode(201);
        ada.as().when().get("/v1/ticket/" + id + "/watchers").then().body("userId", hasSize(2));

        TicketApi.reply(agent, id, "Update for everyone", false).then().statusCode(200);
        String envelope = TicketApi.events(id).get(1).get("envelope");
        assertTrue(envelope.contains(ada.id()) && envelope.contains(boss.id()), envelope);

        ada.as().when().delete("/v1/ticket/" + id + "/watchers").then().statusCode(204);
        agent.as().when().delete("/v1/ticket/" + id + "/watchers/" + boss.id()).then().statusCode(204);
        agent.as().when().delete("/v1/ticket/" + id + "/watchers/" + boss.id()).then().statusCode(404);
        assertEquals(0, mongo.getDatabase("tickets").getCollection("ticket_watchers").countDocuments(new Document("ticketId", id)));
    }

    @Test
    void anEventWhosePublishFailedGoesOutAfterwards() {
        TicketApi.Person ada = TicketApi.customer();
        // Make every XADD to the stream fail: the key holds a string, not a stream.
        redis.key().rename(Channels.TICKETS_STREAM, "events.tickets.parked");
        redis.value(String.class).set(Channels.TICKETS_STREAM, "not a stream");
        String id;
        try {
            id = TicketApi.openId(ada, "Written while the stream was broken");
            Document stored = mongo.getDatabase("tickets").getCollection("tickets").find(new Document("_id", id)).first();
            assertEquals(1, stored.getList("outbox", Object.class).size(), "the event waits in the ticket's outbox");
        } finally {
            redis.key().del(Channels.TICKETS_STREAM);
            redis.key().rename("events.tickets.parked", Channels.TICKETS_STREAM);
        }
        String ticketId = id;
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertEquals(List.of(EventType.TICKET_CREATED.wireName()), TicketApi.eventTypes(ticketId)));
    }

    @Test
    void aTicketPastItsDueTimeIsMarkedOnceAndAnnounced() {
        TicketApi.Person ada = TicketApi.customer();
        String id = TicketApi.openId(ada, "Waiting too long");
        mongo.getDatabase("tickets").getCollection("tickets").updateOne(new Document("_id", id),
                new Document("$set", new Document("slaDueAt", Instant.now().minusSeconds(60))));

        assertTrue(sla.check() >= 1);
        sla.check();
        ada.as().when().get("/v1/ticket/" + id).then().body("slaBreached", equalTo(true));
        assertEquals(1, TicketApi.eventTypes(id).stream().filter(EventType.TICKET_SLA_BREACHED.wireName()::equals).count());
    }
}
