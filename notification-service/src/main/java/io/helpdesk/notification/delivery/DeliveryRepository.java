package io.helpdesk.notification.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.bson.Document;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.runtime.StartupEvent;

@ApplicationScoped
public class DeliveryRepository implements PanacheMongoRepositoryBase<Delivery, String> {

    void indexes(@Observes StartupEvent started) {
        mongoCollection().createIndex(Indexes.ascending("status", "nextAttemptAt"), new IndexOptions().name("due"));
        mongoCollection().createIndex(Indexes.ascending("userId", "createdAt"), new IndexOptions().name("user"));
    }

    /** Records the delivery unless it exists: true when this call created it. */
    public boolean plan(Delivery delivery) {
        try {
            persist(delivery);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** Takes the next due delivery for this replica for {@code lease}; empty when none is due. */
    public Optional<Delivery> claimDue(Instant now, Instant leaseUntil) {
        Document due = new Document("$or", List.of(
                new Document("status", new Document("$in", List.of("QUEUED", "RETRYING")))
                        .append("nextAttemptAt", new Document("$lte", now)),
                new Document("status", "SENDING").append("leaseUntil", new Document("$lt", now))));
        Document claimed = mongoCollection().withDocumentClass(Document.class).findOneAndUpdate(due,
                new Document("$set", new Document("status", "SENDING").append("leaseUntil", leaseUntil)),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        return claimed == null ? Optional.empty() : findByIdOptional(claimed.getString("_id"));
    }
}
