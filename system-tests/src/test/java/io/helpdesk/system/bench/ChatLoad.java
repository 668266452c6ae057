package io.helpdesk.system.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Chat messages across two chat-service instances: in each of {@code rooms} ticket rooms an agent
 * writes through instance A and an administrator reads through instance B, so every message crosses
 * Redis pub/sub between the instances. Each message carries the {@code System.nanoTime()} of its
 * sending (sender and reader live in this one JVM), which gives the end-to-end latency on arrival.
 *
 * <p>A connection may send at most 20 frames per 10 s (the service's limit), so a writer sends
 * {@code rate} messages per second (1.5 by default) and the offered load is rooms × rate. Writers start
 * once the machine has settled after the rooms' tickets were opened ({@link Quiet}), unless
 * {@code --settle false}.
 *
 * <pre>
 * ChatLoad --auth http://localhost:8081 --send ws://localhost:8085/v1/chat --receive ws://localhost:8095/v1/chat \
 *     --tickets http://localhost:8082 --customer customer@helpdesk.local:pw \
 *     --rooms 100 --rate 1.5 --seconds 30 --writer agent@helpdesk.local:pw --reader admin@helpdesk.local:pw \
 *     [--name chat] [--settle false]
 * </pre>
 */
public final class ChatLoad {

    private static final int CLIENTS = 4;

    private final List<HttpClient> clients = new ArrayList<>();
    private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
    private final AtomicLong unexpectedCloses = new AtomicLong();
    private final Latencies latencies = new Latencies();
    /** Sending to the writer's ack: instance A's part (store and publish), without the fan-out. */
    private final Latencies acks = new Latencies();
    private final AtomicLong sentInWindow = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;

    private ChatLoad() {
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchResults.options(args);
        new ChatLoad().run(options);
        System.exit(0);
    }

    private void run(Map<String, String> options) throws Exception {
        String auth = BenchResults.required(options, "auth");
        URI send = URI.create(BenchResults.required(options, "send"));
        URI receive = URI.create(BenchResults.required(options, "receive"));
        int rooms = Integer.parseInt(options.getOrDefault("rooms", "100"));
        double rate = Double.parseDouble(options.getOrDefault("rate", "1.5"));
        double seconds = Double.parseDouble(options.getOrDefault("seconds", "30"));
        String writerToken = login(auth, BenchResults.required(options, "writer"));
        String readerToken = login(auth, BenchResults.required(options, "reader"));
        // Ticket rooms are real tickets: a customer opens one per room, which the staff writer and reader may see.
        String tickets = BenchResults.required(options, "tickets");
        String customerToken = login(auth, BenchResults.required(options, "customer"));
        String run = UUID.randomUUID().toString().substring(0, 8);

        List<Connection> writers = new ArrayList<>();
        List<Connection> readers = new ArrayList<>();
        for (int i = 0; i < rooms; i++) {
            String room = "ticket:" + openTicket(tickets, customerToken, "Chat load " + run + " room " + i);
            Connection reader = connect(receive, readerToken, i, true);
            reader.join(room);
            readers.add(reader);
            Connection writer = connect(send, writerToken, i, false);
            writer.join(room);
            writers.add(writer);
        }
        // Each room's ticket set the other services to work (events, projections, notifications):
        // the messages are measured once that has settled, not in its wake (--settle false: at once).
        String settle = options.getOrDefault("settle", "true");
        if (!settle.equals("true") && !settle.equals("false")) {
            throw new IllegalArgumentException("--settle is true or false, not " + settle);
        }
        Quiet.Waited settling = settle.equals("true") ? Quiet.await() : null;

        // Writers join in one by one over the first part of the warm-up, so the measured window sees
        // the steady rate rather than every room starting in the same instant.
        ScheduledExecutorService schedule = Executors.newScheduledThreadPool(4);
        long periodMicros = (long) (1_000_000 / rate);
        double warmUp = Math.max(3, Math.min(10, seconds / 3));
        long rampMicros = (long) (warmUp * 0.6 * 1_000_000);
        for (int i = 0; i < writers.size(); i++) {
            long offset = rampMicros * i / writers.size() + ThreadLocalRandom.current().nextLong(periodMicros);
            schedule.scheduleAtFixedRate(writers.get(i)::sendOne, offset, periodMicros, TimeUnit.MICROSECONDS);
        }
        Thread.sleep((long) (warmUp * 1000));
        windowStart = System.nanoTime();
        windowEnd = windowStart + (long) (seconds * 1e9);
        Thread.sleep((long) (seconds * 1000));
        schedule.shutdown();
        // What was sent in the window may still be on its way; give it time to arrive.
        Thread.sleep(3000);

        for (Connection connection : readers) {
            connection.handOver();
        }
        for (Connection connection : writers) {
            connection.handOver();
        }
        Map<String, Object> fields = new LinkedHashMap<>(latencies.summary(seconds));
        long sent = sentInWindow.get();
        long delivered = latencies.count();
        fields.put("rooms", rooms);
        fields.put("offeredPerSecond", Math.round(rooms * rate * 10) / 10.0);
        fields.put("sent", sent);
        fields.put("delivered", delivered);
        fields.put("lost", Math.max(0, sent - delivered));
        fields.put("acked", acked.get());
        fields.put("ackP50us", acks.percentileMicros(50));
        fields.put("ackP99us", acks.percentileMicros(99));
        fields.put("errors", errors.isEmpty() ? Map.of() : Map.copyOf(errors));
        fields.put("unexpectedCloses", unexpectedCloses.get());
        if (settling != null) {
            fields.put("settled", settling.settled());
            fields.put("settledSeconds", Math.round(settling.seconds() * 10) / 10.0);
        }
        BenchResults.print(options.getOrDefault("name", "chat"), fields);
        for (Connection connection : writers) {
            connection.close();
        }
        for (Connection connection : readers) {
            connection.close();
        }
    }

    private String login(String auth, String account) throws Exception {
        String[] credentials = account.split(":", 2);
        HttpRequest request = HttpRequest.newBuilder(URI.create(auth + "/v1/user/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(BenchResults.JSON.writeValueAsString(
                        Map.of("email", credentials[0], "password", credentials[1]))))
                .build();
        HttpResponse<String> response = clients.get(0).send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("login of " + credentials[0] + " answered " + response.statusCode());
        }
        return BenchResults.JSON.readTree(response.body()).get("accessToken").asText();
    }

    private String openTicket(String tickets, String token, String subject) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(tickets + "/v1/ticket"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(BenchResults.JSON.writeValueAsString(
                        Map.of("subject", subject, "description", "A room for the chat benchmark."))))
                .build();
        HttpResponse<String> response = clients.get(0).send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw new IllegalStateException("opening a ticket answered " + response.statusCode() + ": " + response.body());
        }
        return BenchResults.JSON.readTree(response.body()).get("id").asText();
    }

    private Connection connect(URI uri, String token, int index, boolean reader) {
        Connection connection = new Connection(reader);
        connection.socket = clients.get(index % CLIENTS).newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, connection).join();
        return connection;
    }

    private void count(String error) {
        errors.computeIfAbsent(error, e -> new AtomicLong()).incrementAndGet();
    }

    /** One WebSocket: a writer sends and counts acks; a reader records each message's latency. */
    private final class Connection implements WebSocket.Listener {

        private final boolean reader;
        private final StringBuilder partial = new StringBuilder();
        private final CompletableFuture<Void> joined = new CompletableFuture<>();
        private final Latencies mine = new Latencies();
        private WebSocket socket;
        private String room;
        private long sequence;
        private volatile boolean closing;

        Connection(boolean reader) {
            this.reader = reader;
        }

        void join(String room) throws Exception {
            this.room = room;
            socket.sendText("{\"type\":\"join\",\"room\":\"" + room + "\"}", true).join();
            joined.get(30, TimeUnit.SECONDS);
        }

        void sendOne() {
            long now = System.nanoTime();
            if (now >= windowStart && now < windowEnd) {
                sentInWindow.incrementAndGet();
            }
            String frame = "{\"type\":\"message\",\"room\":\"" + room + "\",\"clientId\":\"" + (++sequence) + "-" + now
                    + "\",\"text\":\"" + now + " load test message\"}";
            try {
                socket.sendText(frame, true).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                count("send-failed");
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                handle(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        private void handle(String text) {
            JsonNode frame;
            try {
                frame = BenchResults.JSON.readTree(text);
            } catch (Exception e) {
                count("unreadable-frame");
                return;
            }
            switch (frame.path("type").asText()) {
                case "joined" -> joined.complete(null);
                case "error" -> {
                    count(frame.path("code").asText());
                    joined.completeExceptionally(new IllegalStateException(text));
                }
                case "ack" -> {
                    acked.incrementAndGet();
                    // The client id is "<sequence>-<nanoTime of sending>".
                    String clientId = frame.path("clientId").asText();
                    long sentAt = Long.parseLong(clientId.substring(clientId.indexOf('-') + 1));
                    if (sentAt >= windowStart && sentAt < windowEnd) {
                        synchronized (mine) {
                            mine.record(System.nanoTime() - sentAt);
                        }
                    }
                }
                case "message" -> {
                    if (reader && !frame.path("system").asBoolean()) {
                        long arrived = System.nanoTime();
                        long sentAt = Long.parseLong(frame.path("text").asText().split(" ", 2)[0]);
                        if (sentAt >= windowStart && sentAt < windowEnd) {
                            synchronized (mine) {
                                mine.record(arrived - sentAt);
                            }
                        }
                    }
                }
                default -> {
                    // welcome, presence, typing: not measured
                }
            }
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            webSocket.request(1);
            return WebSocket.Listener.super.onPing(webSocket, message);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (!closing) {
                unexpectedCloses.incrementAndGet();
                count("closed-" + statusCode);
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (!closing) {
                count("socket-error");
            }
        }

        /** Its latencies to the run's: a reader's deliveries, a writer's acks. */
        void handOver() {
            synchronized (mine) {
                (reader ? latencies : acks).merge(mine);
            }
        }

        void close() {
            closing = true;
            if (!socket.isOutputClosed()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
            }
        }
    }
}
