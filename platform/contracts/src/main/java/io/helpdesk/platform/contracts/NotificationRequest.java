package io.helpdesk.platform.contracts;

import java.util.List;
import java.util.Map;

/**
 * A request to reach a person ({@link EventType#NOTIFICATION_REQUESTED} on
 * {@link Channels#NOTIFICATION_REQUESTS_STREAM}): which template, for
 * whom, with which values and attachments.
 *
 * @param template    the notification-service template, such as {@code import-report}
 * @param userId      the recipient's user id (the notification-service looks up address and locale), or
 *                    {@code role:ADMIN} for every active user with that role
 * @param values      what the template shows
 * @param attachments files to attach, small enough to travel inside the event
 */
public record NotificationRequest(String template, String userId, Map<String, Object> values,
        List<Attachment> attachments) {

    public static final String IMPORT_REPORT = "import-report";
    public static final String ANALYTICS_REPORT = "analytics-report";
    public static final String ROLE_PREFIX = "role:";

    /** @param base64 the file's bytes */
    public record Attachment(String filename, String contentType, String base64) {
    }
}
