package io.helpdesk.platform.events;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.helpdesk.platform.events.EventEnvelope;
import io.helpdesk.platform.web.json.StrictJson;

/** Makes outbox entries from domain events, in the envelope every consumer reads. */
@ApplicationScoped
public class Events {

    private final ObjectMapper json;
    /** Events are our own writing: text stored before the input rules existed must still be read. */
    private final ObjectReader trusted;

    public Events(ObjectMapper json) {
        this.json = json;
        this.trusted = StrictJson.trusted(json);
    }

    public OutboxEntry entry(String stream, String type, String actor, String subject, long version,
            Map<String, Object> payload) {
        EventEnvelope envelope = new EventEnvelope(UUID.randomUUID().toString(), type, Instant.now(), version, actor,
                subject, payload, null);
        try {
            return new OutboxEntry(envelope.id(), stream, type, json.writeValueAsString(envelope));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event payload cannot be written as JSON: " + type, e);
        }
    }

    /** A payload record as the map an envelope carries. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> toMap(Object payload) {
        // Our own records turned into a map: no client input is read here, so the trusted reader.
        try {
            return trusted.forType(Map.class).readValue((com.fasterxml.jackson.databind.JsonNode) json.valueToTree(payload));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The envelope's payload as the contract type of its event. */
    public <T> T payload(EventEnvelope event, Class<T> type) {
        try {
            return trusted.forType(type).readValue((com.fasterxml.jackson.databind.JsonNode) json.valueToTree(event.payload()));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("Not a " + type.getSimpleName() + " payload", e);
        }
    }

    public EventEnvelope read(String envelope) {
        try {
            return trusted.forType(EventEnvelope.class).readValue(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not an event envelope", e);
        }
    }
}
