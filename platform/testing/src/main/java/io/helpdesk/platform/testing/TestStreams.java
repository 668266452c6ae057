package io.helpdesk.platform.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.helpdesk.platform.events.Events;
import io.helpdesk.platform.events.OutboxEntry;

/**
 * Events on the test Redis as the services publish them (the envelope, made by the services' own {@link Events}, in an {@code envelope} field
 * beside {@code id} and {@code type}), written and read over a connection of the test's own, so the
 * same test runs against a service in the test JVM and against its packaged jar.
 */
public final class TestStreams {

    /** The services' own envelope code, over a mapper configured as Quarkus configures theirs. */
    private static final Events EVENTS = new Events(JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build());

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
        OutboxEntry entry = EVENTS.entry(stream, type, actor, subject, version, toMap(payload));
        return new Event(entry.stream, entry.eventId, entry.type, entry.envelope);
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

    /** A payload record (or map) as the map an envelope carries. */
    public static Map<String, Object> toMap(Object payload) {
        return payload == null ? null : EVENTS.toMap(payload);
    }
}
