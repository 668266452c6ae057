package io.helpdesk.analytics;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.helpdesk.platform.testing.StubServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A stand-in for the ticket-service list route over HTTP, for the projection rebuild: it serves
 * {@link #tickets} oldest first a page at a time, by its own opaque cursor ({@code {items, next, total}}),
 * and can fail, or hold, chosen pages.
 */
public class TicketServiceStub implements QuarkusTestResourceLifecycleManager {

    static final AtomicReference<String> LAST_AUTHORIZATION = new AtomicReference<>();
    /** The query of every request, in order (cursor, size, sort). */
    static final List<Map<String, String>> REQUESTS = Collections.synchronizedList(new ArrayList<>());
    /** The tickets listed, as JSON objects, oldest first. */
    static volatile List<String> tickets = List.of();
    static volatile boolean down;
    /** A page's cursor (null: the first page) that fails with 500 while {@link #failures} is above 0. */
    static volatile String failAt;
    static final AtomicInteger failures = new AtomicInteger();
    /** When set, the first page waits for it (so a rebuild stays RUNNING for as long as a test needs). */
    static volatile CountDownLatch hold;
    private StubServer server;

    static final String RESOLVED = """
            {"id":"rebuilt-1","subject":"Old printer","status":"RESOLVED","priority":"HIGH","category":"Hardware","tags":[],
             "customerId":"old-customer","assigneeId":"old-agent","createdAt":"2025-01-10T08:00:00Z",
             "updatedAt":"2025-01-10T12:00:00Z","firstResponseAt":"2025-01-10T09:00:00Z",
             "resolvedAt":"2025-01-10T12:00:00Z","closedAt":null,"slaDueAt":"2025-01-10T16:00:00Z",
             "slaBreached":false,"messageCount":3,"version":5,
             "firstResponseDueAt":"2025-01-10T08:30:00Z","firstResponseBreached":true,"slaPaused":true}""";
    static final String OPEN = """
            {"id":"rebuilt-2","subject":"Old VPN","status":"OPEN","priority":"LOW","category":"Network","tags":["vpn"],
             "customerId":"old-customer","assigneeId":null,"createdAt":"2025-01-11T08:00:00Z",
             "updatedAt":"2025-01-11T08:00:00Z","firstResponseAt":null,"resolvedAt":null,"closedAt":null,
             "slaDueAt":"2025-01-14T08:00:00Z","slaBreached":false,"messageCount":1,"version":1}""";

    /** {@code n} open tickets created a minute apart from {@code day} 00:00 UTC, ids {@code prefix-0…}. */
    static List<String> many(String prefix, String day, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String at = java.time.Instant.parse(day + "T00:00:00Z").plusSeconds(60L * i).toString();
            out.add("""
                    {"id":"%s-%d","subject":"s","status":"OPEN","priority":"NORMAL","category":"Bulk","tags":[],
                     "customerId":"bulk","assigneeId":null,"createdAt":"%s","updatedAt":"%s","firstResponseAt":null,
                     "resolvedAt":null,"closedAt":null,"slaDueAt":null,"slaBreached":false,"messageCount":1,"version":1}"""
                    .formatted(prefix, i, at, at));
        }
        return out;
    }

    static void reset() {
        REQUESTS.clear();
        tickets = List.of();
        down = false;
        failAt = null;
        failures.set(0);
        hold = null;
    }

    @Override
    public Map<String, String> start() {
        server = StubServer.start("/v1/ticket", exchange -> {
            LAST_AUTHORIZATION.set(exchange.getRequestHeaders().getFirst("Authorization"));
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            REQUESTS.add(query);
            String cursor = query.get("cursor");
            CountDownLatch wait = hold;
            if (wait != null && cursor == null) {
                try {
                    wait.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            boolean fail = down || (java.util.Objects.equals(failAt, cursor) && failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0);
            if (fail) {
                StubServer.reply(exchange, 500, "application/json", null);
                return;
            }
            List<String> all = tickets;
            int from = cursor == null ? 0 : Integer.parseInt(cursor.substring(1));
            int size = Integer.parseInt(query.getOrDefault("size", "20"));
            int to = Math.min(all.size(), from + size);
            String next = to < all.size() ? "\"p" + to + "\"" : "null";
            StubServer.reply(exchange, 200, "application/json",
                    "{\"items\":[" + String.join(",", all.subList(from, to)) + "],\"next\":" + next + ",\"total\":null}");
        });
        return Map.of("quarkus.rest-client.ticket-service.url", server.url());
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return out;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
