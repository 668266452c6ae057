package io.helpdesk.system.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import de.bwaldvogel.mongo.MongoServer;
import io.helpdesk.analytics.facts.DailyRollup;
import io.helpdesk.analytics.facts.TicketFact;
import io.helpdesk.platform.devstack.JournaledMemoryBackend;
import io.helpdesk.platform.testing.FreePorts;

/**
 * The seeder writes what the services would: 2,000 tickets (in two runs, the second adding to days the
 * first began) into the devstack's journaled store give tickets in the bounded shape (counters, no
 * embedded conversation or history, nothing for the conversation migration to move), message and
 * history rows keyed {@code <ticketId>:<seq>}, and daily roll-ups equal to the ones the
 * analytics-service recomputes from the stored facts (its rebuild's rule).
 */
class TicketSeederTest {

    @TempDir
    Path dir;

    @Test
    void seededTicketsHaveTheBoundedShapeAndTheRollUpsOfTheirFacts() throws Exception {
        MongoServer server = new MongoServer(new JournaledMemoryBackend(dir.resolve("store.journal")));
        int port = FreePorts.next();
        server.bind(new InetSocketAddress("127.0.0.1", port));
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
            List<String[]> customers = List.of(new String[] { "c1", "c1@example.com" }, new String[] { "c2", "c2@example.com" });
            TicketSeeder.seed(client, new TicketSeeder.Options(1_200, customers, "agent-1", 3, true, 5), 0, 1_200);
            TicketSeeder.seed(client, new TicketSeeder.Options(2_000, customers, "agent-1", 3, true, 5), 1_200, 800);

            MongoDatabase tickets = client.getDatabase("tickets");
            assertEquals(2_000, tickets.getCollection("tickets").countDocuments());
            // the ticket-service's test for a ticket still to move (LegacyConversation.notMoved)
            assertEquals(0, tickets.getCollection("tickets").countDocuments(Filters.exists("historyCount", false)));
            for (Document ticket : tickets.getCollection("tickets").find().limit(50)) {
                String id = ticket.getString("_id");
                assertFalse(ticket.containsKey("messages") || ticket.containsKey("history"), id);
                assertEquals(List.of(), ticket.getList("pendingMessages", Object.class), id);
                assertEquals(List.of(), ticket.getList("pendingChanges", Object.class), id);
                List<Document> messages = tickets.getCollection("ticket_messages").find(Filters.eq("ticketId", id)).into(new java.util.ArrayList<>());
                assertEquals(ticket.getInteger("messageCount"), messages.size(), id);
                assertEquals(ticket.getInteger("publicMessageCount"), (int) messages.stream().filter(m -> !m.getBoolean("internal")).count(), id);
                messages.stream().filter(m -> !m.getBoolean("internal"))
                        .forEach(m -> assertEquals(m.getInteger("seq"), m.getInteger("publicSeq"), id));
                List<Document> history = tickets.getCollection("ticket_history").find(Filters.eq("ticketId", id)).into(new java.util.ArrayList<>());
                assertEquals(ticket.getInteger("historyCount"), history.size(), id);
                for (Document row : messages) {
                    assertEquals(id + ":" + row.getInteger("seq"), row.getString("_id"));
                }
                for (Document row : history) {
                    assertEquals(id + ":" + row.getInteger("seq"), row.getString("_id"));
                }
                assertTrue(ticket.getString("searchText").contains(messages.get(0).getString("text")), id);
            }

            MongoDatabase analytics = client.getDatabase("analytics");
            Map<String, Map<String, Long>> recomputed = new TreeMap<>();
            for (BsonDocument stored : analytics.getCollection("ticket_facts", BsonDocument.class).find()) {
                TicketFact fact = TicketSeeder.fact(stored);
                assertNotNull(fact.createdDay);
                Map<String, Long> day = recomputed.computeIfAbsent(fact.createdDay, d -> new TreeMap<>());
                DailyRollup.contribution(fact).forEach((path, n) -> day.merge(path, n, Long::sum));
            }
            Map<String, Map<String, Long>> seeded = new TreeMap<>();
            for (Document rollup : analytics.getCollection("daily_rollups").find()) {
                seeded.put(rollup.getString("_id"), DailyRollup.flatten(rollup));
            }
            assertEquals(2_000, recomputed.values().stream().mapToLong(d -> d.getOrDefault("total", 0L)).sum());
            assertEquals(recomputed, seeded);
            assertTrue(seeded.size() >= 5, "tickets over the last five days: " + seeded.keySet());
        } finally {
            server.shutdownNow();
            Files.deleteIfExists(dir.resolve("store.journal"));
        }
    }
}
