package io.helpdesk.notification.delivery;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.quarkus.runtime.StartupEvent;

/** The {@code digest_items} collection: new tickets each team member's next digest will list. */
@ApplicationScoped
public class DigestItemRepository implements PanacheMongoRepositoryBase<DigestItem, String> {

    void indexes(@Observes StartupEvent started) {
        mongoCollection().createIndex(Indexes.ascending("userId", "queuedAt"), new IndexOptions().name("user"));
    }

    /** Stores the item unless it is stored already. */
    public void queue(DigestItem item) {
        try {
            persist(item);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    /** The members with something waiting. */
    public List<String> waitingMembers() {
        return mongoCollection().distinct("userId", String.class).into(new java.util.ArrayList<>());
    }

    /** What waits for one member, oldest first. */
    public List<DigestItem> waitingFor(String userId) {
        return list("userId", Sort.ascending("queuedAt"), userId);
    }

    public void remove(List<String> ids) {
        delete("_id in ?1", ids);
    }
}
