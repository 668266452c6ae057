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

    USER_REGISTERED("UserRegistered", EventStream.USERS),
    USER_ROLE_CHANGED("UserRoleChanged", EventStream.USERS),
    USER_DISABLED("UserDisabled", EventStream.USERS),
    USER_ENABLED("UserEnabled", EventStream.USERS),
    /** A change of what others see of a person (name, company, avatar), or a directory rebuild. */
    USER_UPDATED("UserUpdated", EventStream.USERS),
    USER_DELETED("UserDeleted", EventStream.USERS),
    PASSWORD_RESET_REQUESTED("PasswordResetRequested", EventStream.USERS),
    PASSWORD_CHANGED("PasswordChanged", EventStream.USERS),
    /** An administrator created an account (status INVITED) or re-issued its invitation: the token sealed in {@code otpSealed}. */
    USER_INVITED("UserInvited", EventStream.USERS),
    /** A new code to verify a self sign-up's address, sealed in {@code otpSealed}. */
    EMAIL_VERIFICATION_REQUESTED("EmailVerificationRequested", EventStream.USERS),

    TICKET_CREATED("TicketCreated", EventStream.TICKETS),
    TICKET_REPLIED("TicketReplied", EventStream.TICKETS),
    TICKET_STATUS_CHANGED("TicketStatusChanged", EventStream.TICKETS),
    TICKET_ASSIGNED("TicketAssigned", EventStream.TICKETS),
    TICKET_UPDATED("TicketUpdated", EventStream.TICKETS),
    TICKET_CLOSED("TicketClosed", EventStream.TICKETS),
    TICKET_DELETED("TicketDeleted", EventStream.TICKETS),
    TICKET_RESTORED("TicketRestored", EventStream.TICKETS),
    TICKET_SLA_BREACHED("TicketSlaBreached", EventStream.TICKETS),

    NOTIFICATION_REQUESTED("NotificationRequested", EventStream.NOTIFICATION_REQUESTS);

    private static final Map<String, EventType> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

    private final String wireName;
    private final EventStream<?> stream;

    EventType(String wireName, EventStream<?> stream) {
        this.wireName = wireName;
        this.stream = stream;
    }

    /** The name in an envelope's {@code type} and a stream entry's {@code type} field. */
    public String wireName() {
        return wireName;
    }

    /** The name of the stream it travels on. */
    public String stream() {
        return stream.name();
    }

    /** The record its payload is. */
    public Class<?> payloadType() {
        return stream.payloadType();
    }

    /** The type with this wire name, if this build knows it. */
    public static Optional<EventType> named(String wireName) {
        return Optional.ofNullable(wireName == null ? null : BY_NAME.get(wireName));
    }
}
