package io.helpdesk.platform.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import de.bwaldvogel.mongo.MongoServer;
import io.helpdesk.platform.testing.FreePorts;

class JournaledMemoryBackendTest {

    @TempDir
    Path data;

    @Test
    void insertsUpdatesDeletesDropsAndUniqueIndexesComeBackAfterAStop() {
        Path file = data.resolve("store.mv");
        try (Store first = Store.open(file); MongoClient mongo = MongoClients.create(first.uri())) {
            MongoCollection<Document> tickets = mongo.getDatabase("tickets").getCollection("tickets");
            tickets.createIndex(Indexes.ascending("number"), new IndexOptions().unique(true));
            for (int i = 1; i <= 5; i++) {
                tickets.insertOne(new Document("_id", "t-" + i).append("number", i).append("status", "OPEN")
                        .append("createdAt", new Date(1_700_000_000_000L + i)));
            }
            tickets.updateOne(Filters.eq("_id", "t-2"), Updates.set("status", "CLOSED"));
            tickets.replaceOne(Filters.eq("_id", "t-3"), new Document("number", 3).append("status", "PENDING"));
            tickets.deleteOne(Filters.eq("_id", "t-4"));
            mongo.getDatabase("tickets").getCollection("scratch").insertOne(new Document("_id", 1));
            mongo.getDatabase("tickets").getCollection("scratch").drop();
            mongo.getDatabase("analytics").getCollection("facts").insertOne(new Document("_id", "t-1").append("open", true));
        }

        try (Store second = Store.open(file); MongoClient mongo = MongoClients.create(second.uri())) {
            MongoCollection<Document> tickets = mongo.getDatabase("tickets").getCollection("tickets");
            List<String> statuses = new ArrayList<>();
            tickets.find().sort(Sorts.ascending("number")).forEach(t -> statuses.add(t.getString("_id") + ":" + t.getString("status")));
            assertEquals(List.of("t-1:OPEN", "t-2:CLOSED", "t-3:PENDING", "t-5:OPEN"), statuses);
            assertEquals(List.of("tickets"), mongo.getDatabase("tickets").listCollectionNames().into(new ArrayList<>()));
            assertEquals(true, mongo.getDatabase("analytics").getCollection("facts").find().first().getBoolean("open"));
            assertThrows(MongoWriteException.class, () -> tickets.insertOne(new Document("_id", "t-6").append("number", 1)),
                    "the unique index came back with its entries");
            assertThrows(MongoWriteException.class, () -> tickets.insertOne(new Document("_id", "t-1").append("number", 9)));
            tickets.insertOne(new Document("_id", "t-6").append("number", 6));
        }

        try (Store third = Store.open(file); MongoClient mongo = MongoClients.create(third.uri())) {
            assertEquals(5, mongo.getDatabase("tickets").getCollection("tickets").countDocuments());
        }
    }

    /** The devstack's own process killed with SIGKILL: what was written a commit interval earlier is there after a restart. */
    @Test
    void dataWrittenBeforeAKillNineIsThereAfterARestart() throws Exception {
        int offset = InfrastructureTest.freeOffset();
        DevstackConfig config = DevstackConfig.from(new String[] { "--port-offset", String.valueOf(offset) }, Map.of());

        Process first = startDevstack(offset);
        try (MongoClient mongo = MongoClients.create(config.mongoUri())) {
            MongoCollection<Document> tickets = mongo.getDatabase("tickets").getCollection("tickets");
            for (int i = 0; i < 1000; i++) {
                tickets.insertOne(new Document("_id", "t-" + i).append("subject", "Printer " + i));
            }
            tickets.updateOne(Filters.eq("_id", "t-7"), Updates.set("subject", "Scanner"));
            tickets.deleteOne(Filters.eq("_id", "t-8"));
            Thread.sleep(3 * JournaledMemoryBackend.COMMIT_DELAY_MS);
        } finally {
            first.descendants().forEach(ProcessHandle::destroyForcibly);
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no close of the store
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(137, first.exitValue(), "killed by SIGKILL");

        Process second = startDevstack(offset);
        try (MongoClient mongo = MongoClients.create(config.mongoUri())) {
            MongoCollection<Document> tickets = mongo.getDatabase("tickets").getCollection("tickets");
            assertEquals(999, tickets.countDocuments());
            assertEquals("Scanner", tickets.find(Filters.eq("_id", "t-7")).first().getString("subject"));
            assertNull(tickets.find(Filters.eq("_id", "t-8")).first());
            assertEquals("Printer 999", tickets.find(Filters.eq("_id", "t-999")).first().getString("subject"));
        } finally {
            second.destroy();
            assertTrue(second.waitFor(30, TimeUnit.SECONDS));
        }
    }

    /** The devstack's main class with only the MongoDB-wire server of its own (the other servers named as external). */
    private Process startDevstack(int offset) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Devstack.class.getName(),
                "--infra-only", "--data-dir", data.toString(), "--port-offset", String.valueOf(offset))
                .redirectErrorStream(true);
        builder.environment().put("REDIS_URL", "redis://redis.invalid:6379");
        builder.environment().put("SMTP_HOST", "mail.invalid");
        builder.environment().put("HELPDESK_STORAGE_BACKEND", "gridfs");
        builder.environment().remove("MONGODB_URI");
        Process process = builder.start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = output.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.contains("Press Ctrl-C")) {
                Thread drain = new Thread(() -> {
                    try {
                        output.lines().forEach(l -> { });
                    } catch (UncheckedIOException killed) {
                        // the stream ends with the process
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return process;
            }
        }
        process.waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("the devstack did not start:\n" + seen);
    }

    private record Store(MongoServer server, JournaledMemoryBackend backend, int port) implements AutoCloseable {

        static Store open(Path file) {
            JournaledMemoryBackend backend = new JournaledMemoryBackend(file);
            MongoServer server = new MongoServer(backend);
            int port = FreePorts.offsetFreeFor(List.of(27017)) + 27017;
            server.bind(new InetSocketAddress("127.0.0.1", port));
            return new Store(server, backend, port);
        }

        String uri() {
            return "mongodb://127.0.0.1:" + port;
        }

        @Override
        public void close() {
            server.shutdownNow();
            backend.close();
        }
    }
}
