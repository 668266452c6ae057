package io.helpdesk.platform.events;

import java.util.ArrayList;
import java.util.List;

/**
 * A document whose changes are announced as events: the events wait in its {@code outbox} array,
 * written in the same single-document write as the change, until {@link OutboxRelay} has put them on
 * their streams. Any repository whose entity extends this class is swept by the relay; write such
 * documents through {@link Outbox} so the events leave at once.
 */
public abstract class Outboxed {

    /** Events not yet on their stream, oldest first. */
    public List<OutboxEntry> outbox = new ArrayList<>();
    /** Events set aside after their publish attempts ran out (kept so a later save does not drop them). */
    public List<OutboxEntry> outboxFailed = new ArrayList<>();

    /** The document's {@code _id}, by which the relay publishes its events right after a write. */
    public abstract Object outboxId();
}
