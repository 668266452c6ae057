package io.helpdesk.platform.events;

/**
 * An event waiting in the {@code outbox} array of the document whose change it describes. Written
 * in the same single-document update as the change itself, so a crash can delay the event but never
 * lose it or announce a change that did not happen; {@link OutboxRelay} moves it to its stream.
 */
public class OutboxEntry {

    public String id;
    public String stream;
    public String type;
    /** The whole {@link io.helpdesk.contracts.EventEnvelope} as JSON, exactly as consumers receive it. */
    public String envelope;

    public OutboxEntry() {
    }

    public OutboxEntry(String id, String stream, String type, String envelope) {
        this.id = id;
        this.stream = stream;
        this.type = type;
        this.envelope = envelope;
    }
}
