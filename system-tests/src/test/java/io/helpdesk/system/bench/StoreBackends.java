package io.helpdesk.system.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.h2.mvstore.MVStore;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.helpdesk.platform.devstack.JournaledMemoryBackend;
import io.helpdesk.platform.testing.FreePorts;

/**
 * The devstack's MongoDB-wire stand-in (mongo-java-server) on each backend it could run, with the
 * same tickets: {@code memory} (nothing on disk), {@code h2} (the H2 backend as the devstack ran it:
 * an MVStore file with its defaults), {@code h2-tuned} (the same with a 1 GiB page cache instead of
 * 16 MiB, so the pages stay deserialised once read), {@code journal} (the memory backend with every
 * change written to an MVStore file, read back at start: {@code JournaledMemoryBackend}, the
 * devstack's default). The PostgreSQL backend is left out: it needs a PostgreSQL server, which the
 * devstack does not have.
 *
 * <p>After a small untimed round that warms the JIT up, per backend, in this JVM (one server, one client, one request at a time): the seeding rate
 * (tickets with their messages, history and analytics facts, in batches of 1,000); then the queries
 * the services send, each timed after one untimed run: the first page of the ticket list (newest
 * first, summary fields), the 50th page reached by a keyset cursor, the agent queue, a literal
 * case-insensitive search, a count, a ticket by {@code _id}, a ticket's messages, a single insert,
 * and the periodic scans (the outbox sweep's {@code outbox.0} exists, the SLA check); then the heap
 * the data takes (after a full GC), the store's size on disk, and the time to stop and start the
 * store again until the first ticket is read back.
 *
 * <pre>
 * StoreBackends --tickets 100000 [--backends memory,h2,h2-tuned,journal] [--messages 3] [--seconds 3] [--min 3] [--dir /tmp/x]
 * </pre>
 */
public final class StoreBackends {

    private static final String AGENT = "bench-agent";
    private static final Bson SUMMARY = Projections.include("subject", "status", "priority", "category", "tags",
            "customerId", "assigneeId", "createdAt", "updatedAt", "firstResponseAt", "resolvedAt", "closedAt", "slaDueAt",
            "slaBreached", "messageCount", "version");
    private static final Bson NEWEST_FIRST = Sorts.descending("createdAt", "_id");
    private static final Bson NOT_DELETED = Filters.eq("deleted", false);

    private StoreBackends() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Exception e) {
            // A backend that fails mid-run leaves its server's threads behind; without this the JVM would
            // wait on them and hold the run up.
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        BenchResults.quietLogs();
        Map<String, String> options = BenchResults.options(args);
        long count = Long.parseLong(BenchResults.required(options, "tickets"));
        double seconds = Double.parseDouble(options.getOrDefault("seconds", "3"));
        int minimum = Integer.parseInt(options.getOrDefault("min", "3"));
        int messages = Integer.parseInt(options.getOrDefault("messages", "3"));
        Path dir = options.containsKey("dir") ? Files.createDirectories(Path.of(options.get("dir")))
                : Files.createTempDirectory("store-backends");
        List<String[]> customers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            customers.add(new String[] { "bench-customer-" + i, "bench-customer-" + i + "@bench.local" });
        }
        TicketSeeder.Options seed = new TicketSeeder.Options(count, customers, AGENT, messages, true, 25);
        // A first, small round on the memory backend warms the JIT up, so the first backend measured is not the cold one.
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            measure("memory", dir.resolve("warm-up.mv"), new TicketSeeder.Options(Math.min(count, 3000), customers, AGENT,
                    messages, true, 25), 0.5, 3);
        } finally {
            System.setOut(out);
        }
        for (String backend : options.getOrDefault("backends", "memory,h2,h2-tuned,journal").split(",")) {
            Path file = dir.resolve(backend + ".mv");
            Files.deleteIfExists(file);
            measure(backend, file, seed, seconds, minimum);
            Files.deleteIfExists(file);
        }
    }

    private static void measure(String backend, Path file, TicketSeeder.Options seed, double seconds, int minimum)
            throws Exception {
        long heapBefore = usedHeap();
        Store store = Store.open(backend, file);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("backend", backend);
        summary.put("tickets", seed.target());
        try (MongoClient client = MongoClients.create(store.uri())) {
            long start = System.nanoTime();
            long documents = TicketSeeder.seed(client, seed, 0, seed.target());
            double seedSeconds = (System.nanoTime() - start) / 1e9;
            summary.put("documents", documents);
            summary.put("seedSeconds", round(seedSeconds));
            summary.put("ticketsPerSecond", Math.round(seed.target() / seedSeconds));
            summary.put("documentsPerSecond", Math.round(documents / seedSeconds));

            MongoCollection<Document> tickets = client.getDatabase("tickets").getCollection("tickets");
            MongoCollection<Document> messages = client.getDatabase("tickets").getCollection("ticket_messages");
            Document some = tickets.find().skip((int) (seed.target() / 2)).limit(1).first();
            // The cursor of page 50: the last row of page 49, found once (not timed).
            Document boundary = tickets.find(NOT_DELETED).sort(NEWEST_FIRST).skip(49 * 20 - 1).limit(1)
                    .projection(Projections.include("createdAt")).first();
            Bson afterBoundary = boundary == null ? NOT_DELETED : Filters.and(NOT_DELETED, Filters.or(
                    Filters.lt("createdAt", boundary.getDate("createdAt")),
                    Filters.and(Filters.eq("createdAt", boundary.getDate("createdAt")), Filters.lt("_id", boundary.get("_id")))));
            Bson agentQueue = Filters.and(NOT_DELETED, Filters.or(Filters.eq("assigneeId", AGENT), Filters.eq("assigneeId", null)));
            Pattern word = Pattern.compile(Pattern.quote(TicketSeeder.RARE_WORD), Pattern.CASE_INSENSITIVE);
            Bson search = Filters.and(NOT_DELETED, Filters.or(Filters.regex("subject", word), Filters.regex("searchText", word)));
            Date now = new Date();
            Bson slaDue = Filters.and(Filters.eq("slaBreached", false), Filters.eq("status", "OPEN"), Filters.lt("slaDueAt", now),
                    NOT_DELETED, Filters.ne("slaCheck.status", "FAILED"));

            Map<String, Supplier<Object>> queries = new LinkedHashMap<>();
            queries.put("list-first-page", () -> tickets.find(NOT_DELETED).sort(NEWEST_FIRST).limit(21).projection(SUMMARY)
                    .into(new ArrayList<>()));
            queries.put("list-page-50", () -> tickets.find(afterBoundary).sort(NEWEST_FIRST).limit(21).projection(SUMMARY)
                    .into(new ArrayList<>()));
            queries.put("agent-queue", () -> tickets.find(agentQueue).sort(NEWEST_FIRST).limit(21).projection(SUMMARY)
                    .into(new ArrayList<>()));
            queries.put("search", () -> tickets.find(search).sort(NEWEST_FIRST).limit(21).projection(SUMMARY)
                    .into(new ArrayList<>()));
            queries.put("count", () -> tickets.countDocuments(NOT_DELETED));
            queries.put("find-by-id", () -> tickets.find(Filters.eq("_id", some.get("_id"))).first());
            queries.put("messages-of-ticket", () -> messages.find(Filters.eq("ticketId", some.get("_id")))
                    .sort(Sorts.ascending("seq")).limit(50).into(new ArrayList<>()));
            queries.put("outbox-sweep-scan", () -> tickets.find(Filters.exists("outbox.0")).projection(Projections.include("outbox"))
                    .into(new ArrayList<>()));
            queries.put("sla-check-scan", () -> tickets.find(slaDue).projection(Projections.include("_id")).into(new ArrayList<>()));
            MongoCollection<Document> scratch = client.getDatabase("bench").getCollection("inserts");
            queries.put("insert-one", () -> {
                scratch.insertOne(new Document("subject", "Cannot print the invoice").append("status", "OPEN")
                        .append("createdAt", new Date()).append("deleted", false));
                return null;
            });
            for (Map.Entry<String, Supplier<Object>> query : queries.entrySet()) {
                Latencies latencies = time(query.getValue(), seconds, minimum);
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("backend", backend);
                fields.put("tickets", seed.target());
                fields.put("query", query.getKey());
                fields.putAll(latencies.summary(0));
                fields.remove("rps");
                fields.remove("seconds");
                BenchResults.print("store." + backend + "." + query.getKey(), fields);
            }
            client.getDatabase("bench").drop();
        }
        summary.put("heapMib", Math.max(0, (usedHeap() - heapBefore) / (1024 * 1024)));

        store.close();
        summary.put("fileMib", Files.exists(file) ? Files.size(file) / (1024 * 1024) : 0);
        if (!backend.equals("memory")) {
            long start = System.nanoTime();
            Store reopened = Store.open(backend, file);
            try (MongoClient client = MongoClients.create(reopened.uri())) {
                Document any = client.getDatabase("tickets").getCollection("tickets").find().first();
                if (any == null) {
                    throw new IllegalStateException(backend + " lost its tickets across a restart");
                }
                client.getDatabase("tickets").getCollection("tickets").find(Filters.eq("_id", any.get("_id"))).first();
            }
            summary.put("restartSeconds", round((System.nanoTime() - start) / 1e9));
            summary.put("heapAfterRestartMib", Math.max(0, (usedHeap() - heapBefore) / (1024 * 1024)));
            reopened.close();
        }
        summary.put("durable", !backend.equals("memory"));
        BenchResults.print("store." + backend, summary);
    }

    private static Latencies time(Supplier<Object> query, double seconds, int minimum) {
        query.get();
        Latencies latencies = new Latencies();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end || latencies.count() < minimum) {
            long before = System.nanoTime();
            query.get();
            latencies.record(System.nanoTime() - before);
        }
        return latencies;
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private record Store(MongoServer server, AbstractMongoBackend backend, int port) {

        static Store open(String name, Path file) throws IOException {
            AbstractMongoBackend backend = switch (name) {
                case "memory" -> new MemoryBackend();
                case "h2" -> new H2Backend(file.toString());
                case "h2-tuned" -> new H2Backend(new MVStore.Builder().fileName(file.toString()).cacheSize(1024).open());
                case "journal" -> new JournaledMemoryBackend(file);
                default -> throw new IllegalArgumentException("Unknown backend " + name);
            };
            MongoServer server = new MongoServer(backend);
            int port = FreePorts.next();
            server.bind(new InetSocketAddress("127.0.0.1", port));
            return new Store(server, backend, port);
        }

        String uri() {
            return "mongodb://127.0.0.1:" + port;
        }

        void close() {
            server.shutdownNow();
            backend.close();
        }
    }
}
