package io.helpdesk.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.model.Filters;

import io.helpdesk.platform.events.Outbox;
import io.helpdesk.platform.events.OutboxEntry;
import io.helpdesk.platform.events.OutboxRelay;
import io.helpdesk.platform.testing.TestStreams;
import io.helpdesk.ticket.ticket.Ticket;
import io.helpdesk.ticket.ticket.TicketRepository;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A write that replaces a whole document ({@link Outbox#save}, {@link Outbox#saveIf}) keeps the stored
 * outbox as it is and adds its own events: an event the relay published after the caller read the
 * document, or one an earlier save of the same object published, does not come back and leave again.
 */
@QuarkusTest
class OutboxReplaceTest {

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    TicketRepository tickets;

    private final String stream = "test.replace." + UUID.randomUUID();
    private final List<String> ids = new ArrayList<>();

    @AfterEach
    void removeTickets() {
        tickets.mongoCollection().deleteMany(Filters.in("_id", ids));
    }

    @Test
    void aReplacementDoesNotPutBackAnEventPublishedAfterItsCallerRead() {
        Ticket stored = ticket();
        stored.outbox.add(entry("first"));
        tickets.mongoCollection().insertOne(stored); // its event still waits, as after a crash

        Ticket read = tickets.findById(stored.id);
        assertEquals(List.of("first"), read.outbox.stream().map(e -> e.eventId).toList());
        relay.flush(tickets, stored.id); // the relay publishes and pulls it after the read
        read.subject = "changed";
        read.version = 2;

        assertTrue(outbox.saveIf(tickets, read, Filters.eq("version", 1), entry("second")));

        relay.sweepAll();
        assertEquals(Map.of("first", 1L, "second", 1L), published());
        Ticket now = tickets.findById(stored.id);
        assertEquals("changed", now.subject);
        assertEquals(List.of(), now.outbox);
    }

    @Test
    void aDocumentSavedTwiceDoesNotAnnounceItsFirstEventAgain() {
        Ticket job = ticket();
        outbox.save(tickets, job, entry("finished"));
        job.subject = "saved again";
        outbox.save(tickets, job);

        relay.sweepAll();
        assertEquals(Map.of("finished", 1L), published());
        assertEquals("saved again", tickets.findById(job.id).subject);
    }

    /** A new object saved over a stored document (a code issued again) keeps what waits in the stored one. */
    @Test
    void aSaveOverAStoredDocumentKeepsItsWaitingAndFailedEvents() {
        Ticket stored = ticket();
        stored.outbox.add(entry("waiting"));
        OutboxEntry failed = entry("given-up");
        failed.attempts = 3;
        stored.outboxFailed.add(failed);
        tickets.mongoCollection().insertOne(stored);

        Ticket fresh = new Ticket();
        fresh.id = stored.id;
        fresh.subject = "issued again";
        fresh.version = 1;
        outbox.save(tickets, fresh, entry("new"));

        relay.sweepAll();
        assertEquals(Map.of("waiting", 1L, "new", 1L), published());
        Ticket now = tickets.findById(stored.id);
        assertEquals("issued again", now.subject);
        assertEquals(List.of(), now.outbox);
        assertEquals(List.of("given-up"), now.outboxFailed.stream().map(e -> e.eventId).toList());
    }

    @Test
    void aSaveOfADocumentDeletedAfterItsReadWritesItAnew() {
        Ticket stored = ticket();
        outbox.insert(tickets, stored);
        Ticket read = tickets.findById(stored.id);
        tickets.deleteById(stored.id);
        read.subject = "back";

        outbox.save(tickets, read, entry("saved"));

        relay.sweepAll();
        assertEquals(Map.of("saved", 1L), published());
        assertEquals("back", tickets.findById(stored.id).subject);
    }

    @Test
    void aReplacementWhoseConditionNoLongerHoldsWritesNothing() {
        Ticket stored = ticket();
        outbox.insert(tickets, stored);
        Ticket read = tickets.findById(stored.id);
        read.subject = "late";

        assertFalse(outbox.saveIf(tickets, read, Filters.eq("version", 7), entry("lost")));

        relay.sweepAll();
        assertEquals(Map.of(), published());
        assertEquals("ticket", tickets.findById(stored.id).subject);
        assertEquals(List.of(), read.outbox, "the caller's copy is as it was");
    }

    /**
     * Writers replacing the same tickets at once, each reading, changing the version and retrying on a
     * conflict, while the relay's sweep runs among them: every write's event leaves exactly once.
     */
    @Test
    void concurrentReplacementsEachAnnounceOnce() throws Exception {
        List<Ticket> all = List.of(ticket(), ticket(), ticket());
        for (Ticket t : all) {
            outbox.insert(tickets, t);
        }
        int writers = 4;
        int writesEach = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers * all.size() + 1);
        AtomicBoolean writing = new AtomicBoolean(true);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Callable<Integer>> work = new ArrayList<>();
            for (Ticket t : all) {
                for (int w = 0; w < writers; w++) {
                    String writer = t.id + "/" + w;
                    work.add(() -> {
                        go.await();
                        int conflicts = 0;
                        for (int n = 0; n < writesEach; n++) {
                            while (true) {
                                Ticket read = tickets.findById(t.id);
                                long version = read.version;
                                read.version = version + 1;
                                read.subject = writer + "#" + n;
                                if (outbox.saveIf(tickets, read, Filters.eq("version", version),
                                        entry(writer + "#" + n))) {
                                    break;
                                }
                                conflicts++;
                            }
                        }
                        return conflicts;
                    });
                }
            }
            Future<?> sweeping = pool.submit(() -> {
                go.await();
                while (writing.get()) {
                    relay.sweepAll();
                }
                return null;
            });
            List<Future<Integer>> running = new ArrayList<>();
            for (Callable<Integer> task : work) {
                running.add(pool.submit(task));
            }
            go.countDown();
            int conflicts = 0;
            for (Future<Integer> done : running) {
                conflicts += done.get();
            }
            writing.set(false);
            sweeping.get();
            relay.sweepAll();

            Map<String, Long> published = published();
            assertEquals(all.size() * writers * writesEach, published.size(), "every write's event left");
            assertEquals(Map.of(), published.entrySet().stream().filter(e -> e.getValue() > 1)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                    "events that left more than once (" + conflicts + " conflicts retried)");
            for (Ticket t : all) {
                assertEquals(1 + writers * writesEach, tickets.findById(t.id).version);
            }
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }
    }

    private Ticket ticket() {
        Ticket ticket = new Ticket();
        ticket.id = "replace-" + UUID.randomUUID();
        ticket.subject = "ticket";
        ticket.version = 1;
        ids.add(ticket.id);
        return ticket;
    }

    private OutboxEntry entry(String id) {
        return new OutboxEntry(id, stream, "TestEvent", "{\"id\":\"" + id + "\"}");
    }

    private Map<String, Long> published() {
        return TestStreams.entries(stream).stream()
                .collect(Collectors.groupingBy(e -> e.get("id"), Collectors.counting()));
    }
}
