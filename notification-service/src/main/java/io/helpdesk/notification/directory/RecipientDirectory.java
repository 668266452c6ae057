package io.helpdesk.notification.directory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        recipient.status = p.status() != null ? p.status()
                : p.statusAfter(event.type(), recipients.findByIdOptional(p.userId()).map(known -> known.status).orElse(null));
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
     * the mail says a neutral word instead; never the id). Lists of values (a digest's tickets) too. All
     * the names come from one read, however many tickets a digest lists.
     */
    public Map<String, Object> withNames(Map<String, Object> values) {
        Set<String> ids = new HashSet<>();
        collectIds(values, ids);
        Map<String, String> names = new HashMap<>();
        recipients.byIds(ids).forEach((id, recipient) -> {
            if (recipient.name != null && !recipient.name.isBlank()) {
                names.put(id, recipient.name);
            }
        });
        return named(values, names);
    }

    private static void collectIds(Map<String, Object> values, Set<String> ids) {
        for (String key : PERSON_KEYS) {
            if (values.get(key) instanceof String userId) {
                ids.add(userId);
            }
        }
        for (Object value : values.values()) {
            if (value instanceof List<?> list) {
                for (Object item : list) {
                    if (item instanceof Map<?, ?> map) {
                        collectIds(stringKeys(map), ids);
                    }
                }
            }
        }
    }

    private static Map<String, Object> named(Map<String, Object> values, Map<String, String> names) {
        Map<String, Object> named = new LinkedHashMap<>(values);
        for (String key : PERSON_KEYS) {
            if (values.get(key) instanceof String userId && names.containsKey(userId)) {
                named.put(key.substring(0, key.length() - 2) + "Name", names.get(userId));
            }
        }
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            if (entry.getValue() instanceof List<?> list) {
                List<Object> items = new ArrayList<>(list.size());
                for (Object item : list) {
                    items.add(item instanceof Map<?, ?> map ? named(stringKeys(map), names) : item);
                }
                named.put(entry.getKey(), items);
            }
        }
        return named;
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }
}
