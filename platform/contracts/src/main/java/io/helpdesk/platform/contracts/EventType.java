package io.helpdesk.platform.contracts;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every event the services exchange, in one place: its name on the wire, the stream it travels on
 * and the record its payload is. A producer names one of these (never a string), a consumer switches
 * on them; a name a consumer does not know (a newer producer's) is skipped, not failed.
 */
public enum EventType {

    USER_REGISTERED("UserRegistered", Channels.USERS_STREAM, UserEvents.Payload.class),
    USER_ROLE_CHANGED("UserRoleChanged", Channels.USERS_STREAM, UserEvents.Payload.class),
    USER_DISABLED("UserDisabled", Channels.USERS_STREAM, UserEvents.Payload.class),
    USER_ENABLED("UserEnabled", Channels.USERS_STREAM, UserEvents.Payload.class),
    USER_DELETED("UserDeleted", Channels.USERS_STREAM, UserEvents.Payload.class),
    PASSWORD_RESET_REQUESTED("PasswordResetRequested", Channels.USERS_STREAM, UserEvents.Payload.class),
    PASSWORD_CHANGED("PasswordChanged", Channels.USERS_STREAM, UserEvents.Payload.class),

    TICKET_CREATED("TicketCreated", Channels.TICKETS_STREAM, TicketEvents.Payload.class),
    TICKET_REPLIED("TicketReplied", Channels.TICKETS_STREAM, TicketEvents.Payload.class),
    TICKET_STATUS_CHANGED("TicketStatusChanged", Channels.TICKETS_STREAM, TicketEvents.Payload.class),
    TICKET_ASSIGNED("TicketAssigned", Channels.TICKETS_STREAM, TicketEvents.Payload.class),
    TICKET_UPDATED("TicketUpdated", Channels.TICKETS_STREAM, TicketEvents.Payload.class),
    TICKET_CLOSED("TicketClosed", Channels.TICKETS_STREAM, TicketEvents.Payload.class),
    TICKET_DELETED("TicketDeleted", Channels.TICKETS_STREAM, TicketEvents.Payload.class),
    TICKET_RESTORED("TicketRestored", Channels.TICKETS_STREAM, TicketEvents.Payload.class),
    TICKET_SLA_BREACHED("TicketSlaBreached", Channels.TICKETS_STREAM, TicketEvents.Payload.class),

    NOTIFICATION_REQUESTED("NotificationRequested", Channels.NOTIFICATION_REQUESTS_STREAM, NotificationRequest.class);

    private static final Map<String, EventType> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

    private final String wireName;
    private final String stream;
    private final Class<?> payloadType;

    EventType(String wireName, String stream, Class<?> payloadType) {
        this.wireName = wireName;
        this.stream = stream;
        this.payloadType = payloadType;
    }

    /** The name in an envelope's {@code type} and a stream entry's {@code type} field. */
    public String wireName() {
        return wireName;
    }

    public String stream() {
        return stream;
    }

    public Class<?> payloadType() {
        return payloadType;
    }

    /** The type with this wire name, if this build knows it. */
    public static Optional<EventType> named(String wireName) {
        return Optional.ofNullable(wireName == null ? null : BY_NAME.get(wireName));
    }
}
