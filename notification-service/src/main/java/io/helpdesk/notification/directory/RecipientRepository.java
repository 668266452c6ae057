package io.helpdesk.notification.directory;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;

import io.helpdesk.platform.security.Roles;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;

/** The {@code recipients} collection: one versioned document per user. */
@ApplicationScoped
public class RecipientRepository implements PanacheMongoRepositoryBase<Recipient, String> {


    /** Stores the recipient unless a newer version of it is stored already. */
    public void saveUnlessNewer(Recipient recipient) {
        try {
            mongoCollection().replaceOne(Filters.and(Filters.eq("_id", recipient.id), Filters.lte("version", recipient.version)),
                    recipient, new ReplaceOptions().upsert(true));
        } catch (MongoWriteException e) {
            // A newer version is stored: the upsert's insert hit the existing id. Nothing to do.
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    public List<Recipient> active(String role) {
        return list("role = ?1 and status = ?2", role, "ACTIVE");
    }

    /** Active agents and admins. */
    public List<Recipient> team() {
        return list("role in ?1 and status = ?2", List.of(Roles.AGENT, Roles.ADMIN), "ACTIVE");
    }

    /** The ids of those of {@code ids} who are active agents or admins, in one read. */
    public Set<String> teamAmong(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return list("_id in ?1 and role in ?2 and status = ?3", known(ids), List.of(Roles.AGENT, Roles.ADMIN),
                "ACTIVE").stream().map(r -> r.id).collect(Collectors.toSet());
    }

    /** The recipients of {@code ids} the directory knows, by id, in one read. */
    public Map<String, Recipient> byIds(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return list("_id in ?1", known(ids)).stream().collect(Collectors.toMap(r -> r.id, r -> r));
    }

    private static List<String> known(Collection<String> ids) {
        return ids.stream().filter(Objects::nonNull).distinct().toList();
    }
}
