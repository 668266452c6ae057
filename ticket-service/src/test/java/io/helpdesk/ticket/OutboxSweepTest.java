package io.helpdesk.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;

import io.helpdesk.platform.events.OutboxRelay;
import io.helpdesk.platform.testing.TestStreams;
import io.helpdesk.ticket.ticket.TicketRepository;
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

    @Inject
    TicketRepository tickets;

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

    /**
     * Within one instance each event leaves once, however the publishers meet: two flushes of the same
     * document and the sweep, all at once, each reading the same stored outbox. (Across instances the
     * sweeps can still meet; consumers drop the repeat by the event id.)
     */
    @Test
    void flushesAndSweepsThatMeetPublishEachEventOnce() throws Exception {
        String stream = "test.race." + UUID.randomUUID();
        List<String> ids = IntStream.range(0, 40).mapToObj(i -> "race-" + UUID.randomUUID()).toList();
        List<String> events = new ArrayList<>();
        for (String id : ids) {
            List<Document> outbox = new ArrayList<>();
            for (int e = 0; e < 3; e++) {
                events.add(id + "/" + e);
                outbox.add(new Document("eventId", id + "/" + e).append("stream", stream).append("type", "TestEvent")
                        .append("envelope", "{\"id\":\"" + id + "/" + e + "\"}"));
            }
            tickets.mongoCollection().withDocumentClass(Document.class)
                    .insertOne(new Document("_id", id).append("outbox", outbox));
        }
        ExecutorService publishers = Executors.newFixedThreadPool(6);
        try {
            // Each document's two flushes side by side, a sweep among every few; all start at once.
            CountDownLatch go = new CountDownLatch(1);
            List<Callable<Object>> work = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                for (int twice = 0; twice < 2; twice++) {
                    work.add(() -> {
                        go.await();
                        relay.flush(tickets, id);
                        return null;
                    });
                }
                if (i % 8 == 0) {
                    work.add(() -> {
                        go.await();
                        return relay.sweepAll();
                    });
                }
            }
            List<Future<Object>> running = new ArrayList<>();
            for (Callable<Object> task : work) {
                running.add(publishers.submit(task));
            }
            go.countDown();
            for (Future<Object> done : running) {
                done.get();
            }
            relay.sweepAll(); // what a flush left to the sweep, had its lock been held over a second
            Map<String, Long> published = TestStreams.entries(stream).stream()
                    .collect(Collectors.groupingBy(e -> e.get("id"), Collectors.counting()));
            assertEquals(Set.copyOf(events), published.keySet(), "every event left");
            assertEquals(Map.of(), published.entrySet().stream().filter(e -> e.getValue() > 1)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                    "events that left more than once");
        } finally {
            publishers.shutdownNow();
            tickets.mongoCollection().withDocumentClass(Document.class)
                    .deleteMany(new Document("_id", new Document("$in", ids)));
        }
    }
}
