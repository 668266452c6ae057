package io.helpdesk.platform.events;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * The W3C {@code traceparent} an event carries: taken from the current OpenTelemetry context when
 * the event is written, and turned back into a context when it is consumed, so one trace runs from
 * the request that caused a change to everything the change causes in other services.
 */
@ApplicationScoped
public class TraceContext {

    private static final String TRACEPARENT = "traceparent";
    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    /** The current span's context as a traceparent, or null outside any span. */
    public String current() {
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /** The context a traceparent names: the root context when it is missing or malformed. */
    public Context restore(String traceparent) {
        return extract(traceparent);
    }

    /** The trace id of a traceparent, or null when it is missing or malformed. */
    public static String traceId(String traceparent) {
        SpanContext context = Span.fromContext(extract(traceparent)).getSpanContext();
        return context.isValid() ? context.getTraceId() : null;
    }

    private static Context extract(String traceparent) {
        if (traceparent == null || traceparent.isBlank()) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), Map.of(TRACEPARENT, traceparent), GETTER);
    }
}
