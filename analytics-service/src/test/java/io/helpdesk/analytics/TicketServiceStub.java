package io.helpdesk.analytics;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A stand-in for the ticket-service list route over HTTP, for the projection rebuild. */
public class TicketServiceStub implements QuarkusTestResourceLifecycleManager {

    static final AtomicReference<String> LAST_AUTHORIZATION = new AtomicReference<>();
    static volatile boolean down;
    private HttpServer server;

    static final String PAGE = """
            {"items":[
              {"id":"rebuilt-1","subject":"Old printer","status":"RESOLVED","priority":"HIGH","category":"Hardware","tags":[],
               "customerId":"old-customer","assigneeId":"old-agent","createdAt":"2025-01-10T08:00:00Z",
               "updatedAt":"2025-01-10T12:00:00Z","firstResponseAt":"2025-01-10T09:00:00Z",
               "resolvedAt":"2025-01-10T12:00:00Z","closedAt":null,"slaDueAt":"2025-01-10T16:00:00Z",
               "slaBreached":false,"messageCount":3,"version":5},
              {"id":"rebuilt-2","subject":"Old VPN","status":"OPEN","priority":"LOW","category":"Network","tags":["vpn"],
               "customerId":"old-customer","assigneeId":null,"createdAt":"2025-01-11T08:00:00Z",
               "updatedAt":"2025-01-11T08:00:00Z","firstResponseAt":null,"resolvedAt":null,"closedAt":null,
               "slaDueAt":"2025-01-14T08:00:00Z","slaBreached":false,"messageCount":1,"version":1}
            ],"page":0,"size":100,"total":2}
            """;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/v1/ticket", exchange -> {
            LAST_AUTHORIZATION.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = down ? new byte[0] : PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(down ? 500 : 200, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return Map.of("quarkus.rest-client.ticket-service.url", "http://localhost:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
