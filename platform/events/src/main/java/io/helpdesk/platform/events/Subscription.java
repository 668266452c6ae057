package io.helpdesk.platform.events;

import io.helpdesk.platform.contracts.EventStream;

/**
 * One stream read by this service's consumer group. A consumer is a bean extending this class and
 * writes only its handler: {@link Subscriptions} creates the group, polls, claims what a dead
 * replica left pending, validates the envelope, reads the payload as the stream's record, restores
 * the trace, retries and dead-letters, and counts it all.
 *
 * <p>Delivery is at least once: {@link #handle} must be idempotent by {@link Received#eventId()}.
 * An exception leaves the event pending for another try; after {@code helpdesk.events.max-deliveries}
 * it moves to {@code <stream>.dead}. Event types this build does not know are skipped.
 *
 * @param <P> the payload record of the stream's events
 */
public abstract class Subscription<P> {

    /** The stream read, and with it the record every event on it carries. */
    public abstract EventStream<P> stream();

    /** Handles one event. */
    protected abstract void handle(Received<P> event) throws Exception;

    /**
     * Called after every round, also one that handled nothing or stopped on an error (e.g. to drop a
     * cache once for whatever the round's handlers changed).
     */
    protected void afterRound(int handled) {
    }
}
