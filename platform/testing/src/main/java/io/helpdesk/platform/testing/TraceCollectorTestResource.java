package io.helpdesk.platform.testing;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A stand-in for the OpenTelemetry collector a deployment runs beside the services: it takes the spans a
 * service exports over OTLP (HTTP, protobuf) and answers each export as a collector that accepted it all does
 * (200, an empty {@code ExportTraceServiceResponse}). Without one, a service under test exported every batch
 * to an address where nothing listens, and each failed send (its retries, the connection refused) made a
 * warning and a handful of exceptions on the service's threads. The service exports over HTTP here, not
 * gRPC as it does by default: the same spans, the same exporter, a transport a small server can take.
 */
public class TraceCollectorTestResource implements QuarkusTestResourceLifecycleManager {

    private static final AtomicLong EXPORTS = new AtomicLong();

    private StubServer server;

    @Override
    public Map<String, String> start() {
        server = StubServer.start("/", TraceCollectorTestResource::export);
        return Map.of(
                "quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf",
                // The exporter adds the signal's path, /v1/traces.
                "quarkus.otel.exporter.otlp.traces.endpoint", server.url());
    }

    /** How many exports the collector has taken since the tests began. */
    public static long exports() {
        return EXPORTS.get();
    }

    private static void export(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        if ("POST".equals(exchange.getRequestMethod()) && exchange.getRequestURI().getPath().equals("/v1/traces")) {
            EXPORTS.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        } else {
            exchange.sendResponseHeaders(404, -1);
        }
        exchange.close();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
