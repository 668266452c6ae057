package io.helpdesk.notification.directory;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.platform.events.EventEnvelope;

/**
 * The address book: every user event carries the user's email, name, locale and role, so this
 * service can address anyone without asking the auth-service on the hot path.
 */
@ApplicationScoped
public class RecipientDirectory {

    private final RecipientRepository recipients;

    public RecipientDirectory(RecipientRepository recipients) {
        this.recipients = recipients;
    }

    /** Applies a user event unless a newer one was applied already (events may arrive out of order). */
    public void apply(EventEnvelope event) {
        Map<String, Object> p = event.payload();
        Recipient recipient = new Recipient();
        recipient.id = (String) p.get("userId");
        recipient.email = (String) p.get("email");
        recipient.name = (String) p.get("name");
        recipient.locale = (String) p.getOrDefault("locale", "en");
        recipient.role = (String) p.get("role");
        recipient.phone = (String) p.get("phone");
        recipient.status = switch (event.type()) {
            case "UserDisabled" -> "DISABLED";
            case "UserDeleted" -> "DELETED";
            default -> "ACTIVE";
        };
        recipient.version = event.version();
        if (recipient.id == null) {
            return;
        }
        recipients.saveUnlessNewer(recipient);
    }
}
