package io.helpdesk.analytics;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.helpdesk.platform.testing.StubServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A stand-in for the ticket-service list route over HTTP, for the projection rebuild. */
public class TicketServiceStub implements QuarkusTestResourceLifecycleManager {

    static final AtomicReference<String> LAST_AUTHORIZATION = new AtomicReference<>();
    static volatile boolean down;
    private StubServer server;

    static final String PAGE = """
            {"items":[
              {"id":"rebuilt-1","subject":"Old printer","status":"RESOLVED","priority":"HIGH","category":"Hardware","tags":[],
               "customerId":"old-customer","assigneeId":"old-agent","createdAt":"2025-01-10T08:00:00Z",
               "updatedAt":"2025-01-10T12:00:00Z","firstResponseAt":"2025-01-10T09:00:00Z",
               "resolvedAt":"2025-01-10T12:00:00Z","closedAt":null,"slaDueAt":"2025-01-10T16:00:00Z",
               "slaBreached":false,"messageCount":3,"version":5,
               "firstResponseDueAt":"2025-01-10T08:30:00Z","firstResponseBreached":true,"slaPaused":true},
              {"id":"rebuilt-2","subject":"Old VPN","status":"OPEN","priority":"LOW","category":"Network","tags":["vpn"],
               "customerId":"old-customer","assigneeId":null,"createdAt":"2025-01-11T08:00:00Z",
               "updatedAt":"2025-01-11T08:00:00Z","firstResponseAt":null,"resolvedAt":null,"closedAt":null,
               "slaDueAt":"2025-01-14T08:00:00Z","slaBreached":false,"messageCount":1,"version":1}
            ],"page":0,"size":100,"total":2}
            """;

    @Override
    public Map<String, String> start() {
        server = StubServer.start("/v1/ticket", exchange -> {
            LAST_AUTHORIZATION.set(exchange.getRequestHeaders().getFirst("Authorization"));
            StubServer.reply(exchange, down ? 500 : 200, "application/json", down ? null : PAGE);
        });
        return Map.of("quarkus.rest-client.ticket-service.url", server.url());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
