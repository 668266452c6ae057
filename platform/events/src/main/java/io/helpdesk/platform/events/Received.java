package io.helpdesk.platform.events;

import io.helpdesk.platform.contracts.EventType;

/**
 * One event as a {@link Subscription} receives it: validated, its type known, its payload read as
 * the type's record.
 *
 * @param messageId the stream entry's id
 * @param type      what happened
 * @param envelope  who did it, to what, when, in which version
 * @param payload   the type's record
 */
public record Received<P>(String messageId, EventType type, EventEnvelope envelope, P payload) {

    /** The event's id: a consumer is idempotent by it. */
    public String eventId() {
        return envelope.id();
    }

    public String actor() {
        return envelope.actor();
    }

    public long version() {
        return envelope.version();
    }
}
