package io.helpdesk.chat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.helpdesk.platform.testing.StubServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A ticket-service stand-in for its access route ({@code GET /v1/ticket/{id}/access?userId&role}):
 * tickets made with {@link #ticket}, answered by the ticket-service's visibility rule, only for a
 * caller with a SERVICE token; 404 for any other id.
 */
public class TicketServiceStub implements QuarkusTestResourceLifecycleManager {

    record Ticket(String customerId, String assigneeId) {
    }

    static volatile boolean down;
    static final AtomicInteger CALLS = new AtomicInteger();
    private static final Map<String, Ticket> TICKETS = new ConcurrentHashMap<>();
    private StubServer server;

    /** A new ticket of this customer, assigned to this agent (or unassigned); its id. */
    static String ticket(String customerId, String assigneeId) {
        String id = UUID.randomUUID().toString();
        TICKETS.put(id, new Ticket(customerId, assigneeId));
        return id;
    }

    @Override
    public Map<String, String> start() {
        server = StubServer.start("/v1/ticket/", exchange -> {
            CALLS.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            Ticket ticket = path.endsWith("/access")
                    ? TICKETS.get(path.substring("/v1/ticket/".length(), path.length() - "/access".length()))
                    : null;
            if (down) {
                StubServer.reply(exchange, 503, null, null);
            } else if (!isServiceToken(exchange.getRequestHeaders().getFirst("Authorization"))) {
                StubServer.reply(exchange, 403, null, null);
            } else if (ticket == null) {
                StubServer.reply(exchange, 404, null, null);
            } else {
                String user = query.get("userId");
                boolean visible = switch (query.getOrDefault("role", "")) {
                    case "ADMIN" -> true;
                    case "AGENT" -> ticket.assigneeId() == null || ticket.assigneeId().equals(user);
                    default -> ticket.customerId().equals(user);
                };
                StubServer.reply(exchange, 200, "application/json",
                        "{\"ticketId\":\"x\",\"userId\":\"" + user + "\",\"role\":\"" + query.get("role")
                                + "\",\"visible\":" + visible + "}");
            }
        });
        return Map.of("quarkus.rest-client.ticket-service.url", server.url());
    }

    /** A bearer token whose claims name the SERVICE role (the signature is the real service's to check). */
    private static boolean isServiceToken(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        String[] parts = authorization.substring(7).split("\\.");
        return parts.length == 3 && new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .contains("\"SERVICE\"");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new java.util.HashMap<>();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
