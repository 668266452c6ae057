package io.helpdesk.platform.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.events.EventEnvelope;
import io.helpdesk.platform.events.Envelopes;

/**
 * Events on the test Redis as the services publish them (the {@link EventEnvelope} in an
 * {@code envelope} field beside {@code id} and {@code type}), written and read over a connection of
 * the test's own, so the same test runs against a service in the test JVM and against its packaged jar.
 */
public final class TestStreams {

    /** A mapper configured as Quarkus configures the services'. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private TestStreams() {
    }

    /** One event as a service would put it on a stream; {@link Event#publish()} appends it (again). */
    public record Event(String stream, String id, String type, String envelope) {

        /** Appends the event to its stream and returns the stream entry's id. */
        public String publish() {
            return publishRaw(stream, id, type, envelope);
        }
    }

    /**
     * One event of the type, on its stream, as a producer would write it; the payload is the type's
     * record or a map (a producer's fields as they travel, including ones this build does not know).
     */
    public static Event event(EventType type, String actor, String subject, long version, Object payload) {
        return event(type, actor, subject, version, payload, null);
    }

    /** The same, carrying a W3C trace context. */
    public static Event event(EventType type, String actor, String subject, long version, Object payload,
            String traceparent) {
        return event(type, actor, subject, version, payload, traceparent, Instant.now());
    }

    /** The same, as having happened at {@code occurredAt} (an old event read again, under a new event id). */
    public static Event event(EventType type, String actor, String subject, long version, Object payload,
            String traceparent, Instant occurredAt) {
        EventEnvelope envelope = new EventEnvelope(UUID.randomUUID().toString(), type.wireName(), occurredAt, version,
                actor, subject, toMap(payload), traceparent);
        try {
            return new Event(type.stream(), envelope.id(), type.wireName(), JSON.writeValueAsString(envelope));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Appends one event to its stream and returns its event id. */
    public static String publish(EventType type, String actor, String subject, long version, Object payload) {
        Event event = event(type, actor, subject, version, payload);
        event.publish();
        return event.id();
    }

    /** Appends an entry with the given fields as they are, for tests of what a consumer does with bad ones. */
    public static String publishRaw(String stream, String id, String type, String envelope) {
        return RedisTestResource.command("XADD", stream, "*", "id", id, "type", type, "envelope", envelope);
    }

    /** Every entry of the stream, oldest first, as its field map. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, String>> entries(String stream) {
        List<Object> reply = (List<Object>) RedisTestResource.call("XRANGE", stream, "-", "+");
        List<Map<String, String>> entries = new ArrayList<>();
        for (Object item : reply) {
            List<Object> fields = (List<Object>) ((List<Object>) item).get(1);
            Map<String, String> entry = new LinkedHashMap<>();
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                entry.put((String) fields.get(i), (String) fields.get(i + 1));
            }
            entries.add(entry);
        }
        return entries;
    }

    /** A payload record (or map) as the map an envelope carries. */
    public static Map<String, Object> toMap(Object payload) {
        return payload == null ? null : Envelopes.toMap(JSON, payload);
    }
}
