package io.helpdesk.platform.contracts;

/**
 * A Redis stream of durable events and the record every event on it carries.
 *
 * @param name        the stream's key, one of {@link Channels}' stream names
 * @param payloadType the payload record of its events
 */
public record EventStream<P>(String name, Class<P> payloadType) {

    /** Accounts: auth → notification. */
    public static final EventStream<UserEvents.Payload> USERS = new EventStream<>(Channels.USERS_STREAM,
            UserEvents.Payload.class);
    /** Tickets: ticket → analytics, notification, chat. */
    public static final EventStream<TicketEvents.Payload> TICKETS = new EventStream<>(Channels.TICKETS_STREAM,
            TicketEvents.Payload.class);
    /** Mail other services ask for: ticket, analytics → notification. */
    public static final EventStream<NotificationRequest> NOTIFICATION_REQUESTS = new EventStream<>(
            Channels.NOTIFICATION_REQUESTS_STREAM, NotificationRequest.class);
}
