package io.helpdesk.ticket;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;

import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.events.OutboxRelay;
import io.helpdesk.ticket.sla.SlaMonitor;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.junit.QuarkusTest;

/** One item that keeps failing, between good ones: it ends FAILED with its reason and the others are done. */
@QuarkusTest
class FailingWorkTest {

    @Inject
    MongoClient mongo;

    @Inject
    RedisDataSource redis;

    @Inject
    SlaMonitor sla;

    @Inject
    OutboxRelay relay;

    @Test
    void aTicketThatCannotBeMarkedEndsFailedWithItsReasonAndTheOthersAreMarked() {
        MongoCollection<Document> tickets = mongo.getDatabase("tickets").getCollection("tickets");
        TicketApi.Person ada = TicketApi.customer();
        String first = TicketApi.openId(ada, "Late one");
        // A document the service cannot read: a priority that does not exist.
        String poison = "poison-" + UUID.randomUUID();
        tickets.insertOne(new Document("_id", poison).append("subject", "Unreadable").append("status", "OPEN")
                .append("priority", "SOMEDAY").append("customerId", ada.id()).append("slaBreached", false)
                .append("deleted", false).append("version", 1L).append("createdAt", new Date())
                .append("slaDueAt", Date.from(Instant.now().minusSeconds(60))));
        try {
            String second = TicketApi.openId(ada, "Late two");
            for (String id : List.of(first, second)) {
                tickets.updateOne(new Document("_id", id),
                        new Document("$set", new Document("slaDueAt", Instant.now().minusSeconds(60))));
            }

            sla.check();
            sla.check();
            sla.check();
            sla.check();

            for (String id : List.of(first, second)) {
                ada.as().when().get("/v1/ticket/" + id).then().body("slaBreached", equalTo(true));
                assertEquals(1, TicketApi.eventTypes(id).stream().filter(EventType.TICKET_SLA_BREACHED.wireName()::equals).count());
            }
            Document check = tickets.find(new Document("_id", poison)).first().get(SlaMonitor.FIELD, Document.class);
            assertEquals("FAILED", check.getString("status"));
            assertTrue(check.getInteger("attempts") >= 3, check.toJson());
            assertTrue(check.getString("failure").contains("SOMEDAY"), check.getString("failure"));
            assertNotNull(check.get("failedAt"));
            int attempts = check.getInteger("attempts");
            sla.check();
            assertEquals(attempts, tickets.find(new Document("_id", poison)).first()
                    .get(SlaMonitor.FIELD, Document.class).getInteger("attempts"), "a FAILED ticket is left out");
        } finally {
            tickets.deleteOne(new Document("_id", poison));
        }
    }

    @Test
    void anEventThatCannotBePublishedIsSetAsideAfterItsAttemptsAndTheOthersGoOut() {
        MongoCollection<Document> documents = mongo.getDatabase("tickets").getCollection("outbox_test");
        String good = "test.outbox.good." + UUID.randomUUID();
        String broken = "test.outbox.broken." + UUID.randomUUID();
        // XADD to a key that holds a string fails with WRONGTYPE, whatever the attempt.
        redis.value(String.class).set(broken, "not a stream");
        documents.insertOne(new Document("_id", "first").append("outbox", List.of(entry("e1", good))));
        documents.insertOne(new Document("_id", "poison").append("outbox", List.of(entry("e2", broken), entry("e3", good))));
        documents.insertOne(new Document("_id", "last").append("outbox", List.of(entry("e4", good))));

        assertEquals(2, relay.sweep(documents), "the events around the broken one go out at once");
        Document waiting = documents.find(new Document("_id", "poison")).first();
        assertEquals(2, waiting.getList(OutboxRelay.FIELD, Document.class).size(), "e3 waits behind e2, in order");
        assertEquals(1, waiting.getList(OutboxRelay.FIELD, Document.class).get(0).getInteger("attempts"));
        relay.sweep(documents);
        assertEquals(1, relay.sweep(documents), "the third failure sets e2 aside and e3 goes out");
        assertEquals(0, relay.sweep(documents));

        Document poison = documents.find(new Document("_id", "poison")).first();
        assertEquals(List.of(), poison.getList(OutboxRelay.FIELD, Document.class));
        List<Document> failed = poison.getList(OutboxRelay.FAILED_FIELD, Document.class);
        assertEquals(1, failed.size());
        assertEquals("e2", failed.get(0).getString("eventId"));
        assertEquals(3, failed.get(0).getInteger("attempts"));
        assertTrue(failed.get(0).getString("failure").contains("WRONGTYPE"), failed.get(0).getString("failure"));
        assertNotNull(failed.get(0).get("failedAt"));
        assertEquals(List.of("e1", "e4", "e3"), redis.stream(String.class).xrange(good, StreamRange.of("-", "+")).stream()
                .map(m -> m.payload().get("id")).toList());
        documents.drop();
    }

    private static Document entry(String eventId, String stream) {
        return new Document("eventId", eventId).append("stream", stream).append("type", "TestEvent")
                .append("envelope", "{\"id\":\"" + eventId + "\"}");
    }
}
