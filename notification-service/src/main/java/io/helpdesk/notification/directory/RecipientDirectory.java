package io.helpdesk.notification.directory;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.platform.contracts.UserEvents;
import io.helpdesk.platform.events.Received;

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
    public void apply(Received<UserEvents.Payload> event) {
        UserEvents.Payload p = event.payload();
        if (p.userId() == null) {
            return;
        }
        Recipient recipient = new Recipient();
        recipient.id = p.userId();
        recipient.email = p.email();
        recipient.name = p.name();
        recipient.locale = p.locale() == null ? "en" : p.locale();
        recipient.role = p.role();
        recipient.phone = p.phone();
        recipient.status = switch (event.type()) {
            case USER_DISABLED -> "DISABLED";
            case USER_DELETED -> "DELETED";
            default -> "ACTIVE";
        };
        recipient.version = event.version();
        recipients.saveUnlessNewer(recipient);
    }
}
