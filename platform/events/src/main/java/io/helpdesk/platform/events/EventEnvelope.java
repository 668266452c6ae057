package io.helpdesk.platform.events;

import java.time.Instant;
import java.util.Map;

/**
 * Every durable event on a Redis stream: who did what to which subject, when, with which payload.
 *
 * @param id          unique event id; consumers are idempotent by it
 * @param type        event type, such as {@code UserRegistered}
 * @param occurredAt  when the change happened
 * @param version     the subject's version after the change, for ordering out-of-order deliveries
 * @param actor       the user (or service) that caused it
 * @param subject     the id of the thing that changed
 * @param payload     the type's fields
 * @param traceparent W3C trace context of the request that caused it, or null
 */
public record EventEnvelope(
        String id,
        String type,
        Instant occurredAt,
        long version,
        String actor,
        String subject,
        Map<String, Object> payload,
        String traceparent) {
}
