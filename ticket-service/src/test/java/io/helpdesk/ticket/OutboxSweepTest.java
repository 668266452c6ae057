package io.helpdesk.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;

import io.helpdesk.platform.events.OutboxRelay;
import io.helpdesk.platform.testing.TestStreams;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The one sweeper covers every collection of this service whose documents carry events: an event
 * left in an outbox (a crash between the write and its publish) reaches its stream without any code
 * of this service sweeping, from a ticket as from an import job.
 */
@QuarkusTest
class OutboxSweepTest {

    @Inject
    MongoClient mongo;

    @Inject
    OutboxRelay relay;

    @Test
    void everyOutboxOfTheServiceIsSwept() {
        assertTrue(relay.collections().containsAll(List.of("tickets.tickets", "tickets.import_jobs")),
                relay.collections().toString());
        String stream = "test.sweep." + UUID.randomUUID();
        for (String collection : List.of("tickets", "import_jobs")) {
            mongo.getDatabase("tickets").getCollection(collection).insertOne(new Document("_id", "left-" + collection
                    + "-" + UUID.randomUUID()).append("outbox", List.of(new Document("eventId", collection)
                            .append("stream", stream).append("type", "TestEvent")
                            .append("envelope", "{\"id\":\"" + collection + "\"}"))));
        }
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(
                    List.of("import_jobs", "tickets"),
                    TestStreams.entries(stream).stream().map(e -> e.get("id")).sorted().toList()));
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(0,
                    mongo.getDatabase("tickets").getCollection("tickets").countDocuments(
                            new Document("outbox.stream", stream)), "the entries left the documents"));
        } finally {
            for (String collection : List.of("tickets", "import_jobs")) {
                mongo.getDatabase("tickets").getCollection(collection)
                        .deleteMany(new Document("_id", new Document("$regex", "^left-" + collection + "-")));
            }
        }
    }
}
