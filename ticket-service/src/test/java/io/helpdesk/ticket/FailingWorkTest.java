package io.helpdesk.ticket;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;

import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.events.OutboxRelay;
import io.helpdesk.platform.jobs.Attempts;
import io.helpdesk.ticket.sla.SlaMonitor;
import io.helpdesk.ticket.ticket.TicketRepository;
import io.helpdesk.ticket.ticket.TicketService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.test.junit.QuarkusTest;

/**
 * One item that keeps failing, between good ones: it ends FAILED with its reason and the others are done.
 * A service that is stopping fails nothing: it takes no further item and counts nothing against one.
 */
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

    @Inject
    TicketRepository ticketRepository;

    @Inject
    TicketService ticketService;

    @Inject
    @Any
    Instance<PanacheMongoRepositoryBase<?, ?>> repositories;

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

    /**
     * A stop is not a failure: SLA checks ran into their service's closing clients and counted an attempt
     * against every ticket left in the round, and enough stops marked tickets FAILED for good.
     */
    @Test
    void aServiceThatIsStoppingTakesNoFurtherTicketAndCountsNoFailureAgainstOne() {
        MongoCollection<Document> tickets = mongo.getDatabase("tickets").getCollection("tickets");
        for (int round = 0; round < 3; round++) {
            sla.check(); // every ticket already late is marked, or FAILED: the poison below is the only one due
        }
        String poison = "poison-" + UUID.randomUUID();
        Date late = Date.from(Instant.now().minusSeconds(60));
        tickets.insertOne(new Document("_id", poison).append("subject", "Unreadable").append("status", "OPEN")
                .append("priority", "SOMEDAY").append("customerId", TicketApi.customer().id())
                .append("slaBreached", false).append("firstResponseBreached", false).append("deleted", false)
                .append("version", 1L).append("createdAt", new Date()).append("slaDueAt", late)
                .append("firstResponseDueAt", late));
        try {
            assertEquals(0, monitor(stopping()).check());
            assertNull(tickets.find(new Document("_id", poison)).first().get(SlaMonitor.FIELD), "not even tried");

            // The service begins to stop while the poison is being read: asked for the first target (1), for
            // the poison (2), then after its failure (3: stopping, so not counted), then for the next target.
            AtomicInteger asked = new AtomicInteger();
            assertEquals(0, monitor(stoppingFromQuestion(3, asked)).check());
            assertEquals(4, asked.get(), "the poison was tried and failed");
            assertNull(tickets.find(new Document("_id", poison)).first().get(SlaMonitor.FIELD), "no attempt counted");

            sla.check();
            assertNotNull(tickets.find(new Document("_id", poison)).first().get(SlaMonitor.FIELD), "a running service counts it");
        } finally {
            tickets.deleteOne(new Document("_id", poison));
        }
    }

    /** A sweep takes no document once the service is stopping; their events wait for the next sweep. */
    @Test
    void aServiceThatIsStoppingSweepsNoFurtherOutbox() {
        MongoCollection<Document> documents = mongo.getDatabase("tickets").getCollection("outbox_stopped_test");
        String good = "test.outbox.good." + UUID.randomUUID();
        documents.insertOne(new Document("_id", "waiting").append("outbox", List.of(entry("e1", good))));

        assertEquals(0, relay(stopping()).sweep(documents));

        assertEquals(1, documents.find(new Document("_id", "waiting")).first().getList(OutboxRelay.FIELD, Document.class)
                .size());
        assertFalse(redis.key().exists(good));
        assertEquals(1, relay.sweep(documents), "a running service publishes it");
        documents.drop();
    }

    /** The event whose publish a stop cut short stays as it was, uncounted, for the next sweep. */
    @Test
    void anEventWhosePublishAStopCutShortIsNotCounted() {
        MongoCollection<Document> documents = mongo.getDatabase("tickets").getCollection("outbox_stopping_test");
        String broken = "test.outbox.broken." + UUID.randomUUID();
        redis.value(String.class).set(broken, "not a stream");
        documents.insertOne(new Document("_id", "cut-short").append("outbox", List.of(entry("e1", broken))));

        // Asked before the document (1), then after its publish failed (2: stopping, so not counted).
        AtomicInteger asked = new AtomicInteger();
        assertThrows(RuntimeException.class, () -> relay(stoppingFromQuestion(2, asked)).sweep(documents));
        assertEquals(2, asked.get());

        Document cut = documents.find(new Document("_id", "cut-short")).first();
        assertNull(cut.getList(OutboxRelay.FIELD, Document.class).get(0).get("attempts"), cut.toJson());
        relay.sweep(documents);
        assertEquals(1, documents.find(new Document("_id", "cut-short")).first().getList(OutboxRelay.FIELD, Document.class)
                .get(0).getInteger("attempts"), "a running service counts it");
        documents.drop();
    }

    private SlaMonitor monitor(Attempts attempts) {
        return new SlaMonitor(ticketRepository, ticketService, attempts, new SimpleMeterRegistry());
    }

    private OutboxRelay relay(Attempts attempts) {
        return new OutboxRelay(redis, new SimpleMeterRegistry(), attempts, repositories);
    }

    /** Attempts of a service that begins to stop between two questions: from the {@code n}th on, yes. */
    private static Attempts stoppingFromQuestion(int n, AtomicInteger asked) {
        return new Attempts(() -> 3) {
            @Override
            public boolean stopping() {
                return asked.incrementAndGet() >= n;
            }
        };
    }

    private static Attempts stopping() {
        Attempts attempts = new Attempts(() -> 3);
        attempts.stop(new ShutdownEvent());
        assertTrue(attempts.stopping());
        return attempts;
    }

    private static Document entry(String eventId, String stream) {
        return new Document("eventId", eventId).append("stream", stream).append("type", "TestEvent")
                .append("envelope", "{\"id\":\"" + eventId + "\"}");
    }
}
