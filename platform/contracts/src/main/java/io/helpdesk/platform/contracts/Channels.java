package io.helpdesk.platform.contracts;

/** Names of the Redis streams (durable events) and pub/sub channels (live fan-out) between services. */
public final class Channels {

    /** Stream: auth → notification (welcome, OTP, password changed). */
    public static final String USERS_STREAM = "events.users";
    /** Stream: ticket → analytics, notification, chat. */
    public static final String TICKETS_STREAM = "events.tickets";
    /** Stream: any service → notification (reports, import results). */
    public static final String NOTIFICATION_REQUESTS_STREAM = "notifications.requests";
    /** Suffix of the stream that holds messages that kept failing. */
    public static final String DEAD_LETTER_SUFFIX = ".dead";
    /** Pub/sub: analytics instances drop cached reports. */
    public static final String ANALYTICS_INVALIDATE_CHANNEL = "analytics.invalidate";
    /** Pub/sub prefix: chat instances fan out room messages. */
    public static final String CHAT_ROOM_CHANNEL_PREFIX = "chat.room.";
    /** Pub/sub: auth → every instance that holds long-lived connections (a token, session or user revoked). */
    public static final String REVOCATIONS_CHANNEL = "security.revocations";

    private Channels() {
    }

    public static String deadLetters(String stream) {
        return stream + DEAD_LETTER_SUFFIX;
    }

    public static String chatRoom(String roomId) {
        return CHAT_ROOM_CHANNEL_PREFIX + roomId;
    }
}
