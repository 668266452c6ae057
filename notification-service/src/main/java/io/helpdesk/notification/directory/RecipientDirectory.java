package io.helpdesk.notification.directory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.platform.contracts.UserEvents;
import io.helpdesk.platform.events.Received;

/**
 * The address book: every user event carries the user's email, name, locale and role, so this
 * service can address anyone without asking the auth-service on the hot path.
 */
@ApplicationScoped
public class RecipientDirectory {

    /** The value keys that hold a person's id. */
    public static final List<String> PERSON_KEYS = List.of("customerId", "senderId", "assigneeId",
            "previousAssigneeId", "actorId");

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
        recipient.status = p.statusAfter(event.type());
        recipient.version = event.version();
        recipients.saveUnlessNewer(recipient);
    }

    /** The team: every active agent and admin (invited, disabled and deleted accounts are not on it). */
    public List<Recipient> team() {
        return recipients.team();
    }

    /** Whether the user is on the team now. */
    public boolean onTeam(String userId) {
        return recipients.findByIdOptional(userId).filter(Recipient::onTeam).isPresent();
    }

    /**
     * The values of a mail with the name of each person they refer to: beside every {@code xxxId} of
     * {@link #PERSON_KEYS}, {@code xxxName} from the address book (absent when the person is unknown, so
     * the mail says a neutral word instead; never the id). Lists of values (a digest's tickets) too.
     */
    public Map<String, Object> withNames(Map<String, Object> values) {
        Map<String, Object> named = new LinkedHashMap<>(values);
        for (String key : PERSON_KEYS) {
            Object id = values.get(key);
            if (id instanceof String userId) {
                String name = nameOf(userId);
                if (name != null) {
                    named.put(key.substring(0, key.length() - 2) + "Name", name);
                }
            }
        }
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            if (entry.getValue() instanceof List<?> list) {
                List<Object> items = new ArrayList<>(list.size());
                for (Object item : list) {
                    items.add(item instanceof Map<?, ?> map ? withNames(stringKeys(map)) : item);
                }
                named.put(entry.getKey(), items);
            }
        }
        return named;
    }

    private String nameOf(String userId) {
        return recipients.findByIdOptional(userId).map(r -> r.name).filter(n -> !n.isBlank()).orElse(null);
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }
}
