package io.helpdesk.notification.directory;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;

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
}
