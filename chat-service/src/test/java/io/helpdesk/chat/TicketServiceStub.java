package io.helpdesk.chat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A ticket-service stand-in: ticket ids starting with "visible" are the caller's, others are not. */
public class TicketServiceStub implements QuarkusTestResourceLifecycleManager {

    static volatile boolean down;
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/v1/ticket/", exchange -> {
            String id = exchange.getRequestURI().getPath().substring("/v1/ticket/".length());
            boolean authorized = exchange.getRequestHeaders().getFirst("Authorization") != null;
            int status = down ? 503 : authorized && id.startsWith("visible") ? 200 : 404;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
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
