package io.helpdesk.system.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

import io.helpdesk.platform.testing.RespClient;

/**
 * The references the service figures are read against: one client, one request at a time, straight
 * to the stores the services use (no service in between).
 *
 * <pre>
 * StoreRoundTrips --redis localhost:6379 --mongo mongodb://localhost:27017 --seconds 5 \
 *     --what redis-ping,redis-get,redis-pubsub,mongo-find,mongo-insert,mongo-list-customer,mongo-list-all \
 *     [--customer &lt;user id&gt;] [--min 3] [--warm-up 0]
 * </pre>
 *
 * Each measurement runs for the given seconds, and at least {@code --min} operations (1 unless given).
 *
 * <ul>
 * <li>{@code redis-ping}: PING; {@code redis-get}: GET of an absent key (what a revocation check costs);
 * {@code redis-pubsub}: PUBLISH on one connection until the message arrives on another (the bare
 * cross-instance path of the chat).</li>
 * <li>{@code mongo-find}: a user by {@code _id}; {@code mongo-insert}: one ticket-sized document;
 * {@code mongo-list-customer} / {@code -all}: the ticket-service's list query (first page of 20, newest
 * first, and the count) for one customer / for an administrator.</li>
 * </ul>
 */
public final class StoreRoundTrips {

    private static int minimum = 1;
    private static double warmUpShare = 0.2;

    private StoreRoundTrips() {
    }

    public static void main(String[] args) throws Exception {
        BenchResults.quietLogs();
        Map<String, String> options = BenchResults.options(args);
        double seconds = Double.parseDouble(options.getOrDefault("seconds", "5"));
        minimum = Integer.parseInt(options.getOrDefault("min", "1"));
        warmUpShare = options.containsKey("warm-up") ? Double.parseDouble(options.get("warm-up")) / seconds : 0.2;
        for (String what : BenchResults.required(options, "what").split(",")) {
            switch (what) {
                case "redis-ping" -> redis(options, seconds, what, redis -> redis.call("PING"));
                case "redis-get" -> redis(options, seconds, what, redis -> redis.call("GET", "revoked:jti:" + UUID.randomUUID()));
                case "redis-pubsub" -> pubsub(options, seconds);
                case "mongo-find", "mongo-insert", "mongo-list-customer", "mongo-list-all" -> mongo(options, seconds, what);
                default -> throw new IllegalArgumentException("Unknown measurement " + what);
            }
        }
    }

    private interface Operation {
        void run() throws Exception;
    }

    private interface RedisOperation {
        void run(RespClient.Connection redis) throws IOException;
    }

    /**
     * Runs the operation back to back: a warm-up (a fifth of the time unless {@code --warm-up} says
     * how many seconds; 0 for none), then the measured time, and at least the minimum number of
     * operations.
     */
    private static void measure(String name, double seconds, Operation operation) throws Exception {
        long warmUpEnd = System.nanoTime() + (long) (seconds * warmUpShare * 1e9);
        while (System.nanoTime() < warmUpEnd) {
            try {
                operation.run();
            } catch (RuntimeException e) {
                System.err.println("warm-up of " + name + ": " + e.getMessage());
            }
        }
        Latencies latencies = new Latencies();
        int failures = 0;
        String firstFailure = null;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long now = start;
        while ((now < end || latencies.count() < minimum) && failures < 10) {
            try {
                operation.run();
                long after = System.nanoTime();
                latencies.record(after - now);
                now = after;
            } catch (RuntimeException e) {
                // A store that fails an operation is a result too: counted and named, not hidden.
                failures++;
                firstFailure = firstFailure == null ? e.getMessage() : firstFailure;
                now = System.nanoTime();
            }
        }
        Map<String, Object> fields = new java.util.LinkedHashMap<>(latencies.summary((now - start) / 1e9));
        fields.put("failures", failures);
        if (firstFailure != null) {
            fields.put("failure", firstFailure.length() > 200 ? firstFailure.substring(0, 200) : firstFailure);
        }
        BenchResults.print("ref." + name, fields);
    }

    private static void redis(Map<String, String> options, double seconds, String name, RedisOperation operation)
            throws Exception {
        try (RespClient.Connection redis = connect(BenchResults.required(options, "redis"))) {
            measure(name, seconds, () -> operation.run(redis));
        }
    }

    private static void pubsub(Map<String, String> options, double seconds) throws Exception {
        String address = BenchResults.required(options, "redis");
        String channel = "bench.round-trip." + UUID.randomUUID();
        try (RespClient.Connection publisher = connect(address); RespClient.Connection subscriber = connect(address)) {
            subscriber.call("SUBSCRIBE", channel);
            measure("redis-pubsub", seconds, () -> {
                publisher.call("PUBLISH", channel, "x");
                subscriber.read(); // ["message", channel, "x"]
            });
        }
    }

    /** {@code host:port} or {@code redis://host:port}. */
    private static RespClient.Connection connect(String address) throws IOException {
        String hostPort = address.replaceFirst("^redis://", "");
        int colon = hostPort.lastIndexOf(':');
        return RespClient.connect(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private static void mongo(Map<String, String> options, double seconds, String what) throws Exception {
        try (MongoClient client = MongoClients.create(BenchResults.required(options, "mongo"))) {
            switch (what) {
                case "mongo-find" -> {
                    MongoCollection<Document> users = client.getDatabase("auth").getCollection("users");
                    Object id = users.find().first().get("_id");
                    measure(what, seconds, () -> users.find(Filters.eq("_id", id)).first());
                }
                case "mongo-insert" -> {
                    MongoCollection<Document> scratch = client.getDatabase("bench").getCollection("round_trip");
                    try {
                        measure(what, seconds, () -> scratch.insertOne(ticketSized()));
                    } finally {
                        client.getDatabase("bench").drop();
                    }
                }
                default -> {
                    MongoCollection<Document> tickets = client.getDatabase("tickets").getCollection("tickets");
                    Bson filter = what.equals("mongo-list-customer")
                            ? Filters.and(Filters.eq("deleted", false), Filters.eq("customerId", BenchResults.required(options, "customer")))
                            : Filters.eq("deleted", false);
                    Bson sort = Sorts.descending("createdAt", "_id");
                    measure(what, seconds, () -> {
                        tickets.find(filter).sort(sort).limit(20).into(new ArrayList<>());
                        tickets.countDocuments(filter);
                    });
                }
            }
        }
    }

    private static Document ticketSized() {
        return new Document("_id", UUID.randomUUID().toString())
                .append("subject", "Cannot print the invoice")
                .append("status", "OPEN").append("priority", "NORMAL").append("priorityRank", 1)
                .append("customerId", UUID.randomUUID().toString()).append("deleted", false)
                .append("createdAt", new java.util.Date()).append("version", 1L)
                .append("messages", List.of(new Document("messageId", UUID.randomUUID().toString())
                        .append("text", "The printer says paper jam, ".repeat(8))));
    }
}
