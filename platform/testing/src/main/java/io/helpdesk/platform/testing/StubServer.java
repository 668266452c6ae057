package io.helpdesk.platform.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * A small HTTP server on a free loopback port, for stand-ins of things a test needs over HTTP (a
 * JWKS, another service's route, a third-party API).
 */
public final class StubServer implements AutoCloseable {

    private final HttpServer server;

    private StubServer(HttpServer server) {
        this.server = server;
    }

    public static StubServer start(String path, HttpHandler handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext(path, handler);
            server.start();
            return new StubServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves another path from the same server. */
    public StubServer also(String path, HttpHandler handler) {
        server.createContext(path, handler);
        return this;
    }

    /** {@code http://localhost:<port>} */
    public String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    /** Answers with a status and, unless empty, a body. */
    public static void reply(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
