package io.helpdesk.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.helpdesk.contracts.EventEnvelope;

/**
 * Events on the test Redis as the services publish them (the envelope in an {@code envelope} field
 * beside {@code id} and {@code type}), written and read over a connection of the test's own, so the
 * same test runs against a service in the test JVM and against its packaged jar.
 */
public final class TestStreams {

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

    public static Event event(String stream, String type, String actor, String subject, long version, Object payload) {
        String id = UUID.randomUUID().toString();
        EventEnvelope envelope = new EventEnvelope(id, type, Instant.now(), version, actor, subject, toMap(payload), null);
        return new Event(stream, id, type, write(envelope));
    }

    /** Appends one event to the stream and returns its event id. */
    public static String publish(String stream, String type, String actor, String subject, long version, Object payload) {
        Event event = event(stream, type, actor, subject, version, payload);
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

    /** The envelope of a stream entry. */
    public static EventEnvelope envelope(Map<String, String> entry) {
        try {
            return JSON.readValue(entry.get("envelope"), EventEnvelope.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not an event envelope: " + entry, e);
        }
    }

    /** A payload record (or map) as the map an envelope carries. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> toMap(Object payload) {
        return payload == null ? null : JSON.convertValue(payload, Map.class);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
