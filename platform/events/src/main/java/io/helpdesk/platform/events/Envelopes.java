package io.helpdesk.platform.events;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.web.json.StrictJson;

/**
 * Envelopes to and from JSON. Events are the services' own writing, so they are read with the
 * trusted reader: text stored before the input rules existed must still be read.
 */
public final class Envelopes {

    private Envelopes() {
    }

    /** One event as the outbox stores and the stream carries it. */
    public static OutboxEntry entry(ObjectMapper json, EventType type, String actor, String subject, long version,
            Object payload, String traceparent) {
        if (!type.payloadType().isInstance(payload)) {
            throw new IllegalArgumentException(type + " carries a " + type.payloadType().getSimpleName() + ", not "
                    + (payload == null ? "null" : payload.getClass().getSimpleName()));
        }
        EventEnvelope envelope = new EventEnvelope(UUID.randomUUID().toString(), type.wireName(), Instant.now(), version,
                actor, subject, toMap(json, payload), traceparent);
        try {
            return new OutboxEntry(envelope.id(), type.stream(), type.wireName(), json.writeValueAsString(envelope));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event payload cannot be written as JSON: " + type, e);
        }
    }

    public static EventEnvelope read(ObjectMapper json, String envelope) {
        try {
            return StrictJson.trusted(json).forType(EventEnvelope.class).readValue(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not an event envelope: " + e.getOriginalMessage(), e);
        }
    }

    public static <T> T payload(ObjectMapper json, EventEnvelope event, Class<T> type) {
        try {
            return StrictJson.trusted(json).forType(type).readValue((JsonNode) json.valueToTree(event.payload()));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Not a " + type.getSimpleName() + " payload", e);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> toMap(ObjectMapper json, Object payload) {
        try {
            return StrictJson.trusted(json).forType(Map.class).readValue((JsonNode) json.valueToTree(payload));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
