package io.helpdesk.platform.events;

/**
 * An event waiting in the {@code outbox} array of the document whose change it describes. Written
 * in the same single-document update as the change itself, so a crash can delay the event but never
 * lose it or announce a change that did not happen; {@link OutboxRelay} moves it to its stream. An
 * entry that could not be published keeps its attempts and last failure; one that used them all is
 * moved to the document's {@code outboxFailed} array.
 */
public class OutboxEntry {

    /** The event's id (not {@code id}: the codec would store that as {@code _id}). */
    public String eventId;
    public String stream;
    public String type;
    /** The whole {@link io.helpdesk.platform.events.EventEnvelope} as JSON, exactly as consumers receive it. */
    public String envelope;
    /** Publishes tried and failed so far. */
    public int attempts;
    /** Why the last publish failed. */
    public String failure;
    /** When it was given up (only in {@code outboxFailed}). */
    public java.util.Date failedAt;

    public OutboxEntry() {
    }

    public OutboxEntry(String eventId, String stream, String type, String envelope) {
        this.eventId = eventId;
        this.stream = stream;
        this.type = type;
        this.envelope = envelope;
    }
}
