package io.helpdesk.chat;

import java.util.Map;

import io.helpdesk.testing.StubServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A ticket-service stand-in: ticket ids starting with "visible" are the caller's, others are not. */
public class TicketServiceStub implements QuarkusTestResourceLifecycleManager {

    static volatile boolean down;
    private StubServer server;

    @Override
    public Map<String, String> start() {
        server = StubServer.start("/v1/ticket/", exchange -> {
            String id = exchange.getRequestURI().getPath().substring("/v1/ticket/".length());
            boolean authorized = exchange.getRequestHeaders().getFirst("Authorization") != null;
            StubServer.reply(exchange, down ? 503 : authorized && id.startsWith("visible") ? 200 : 404, null, null);
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
