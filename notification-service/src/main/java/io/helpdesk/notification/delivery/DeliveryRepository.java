package io.helpdesk.notification.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;

import io.helpdesk.platform.web.paging.Keyset;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;

@ApplicationScoped
public class DeliveryRepository implements PanacheMongoRepositoryBase<Delivery, String> {

    /** The delivery log's order: newest first. */
    public static final Keyset.Order NEWEST_FIRST = Keyset.Order.descending("deliveries", "createdAt");

    /** The deliveries of one status, one user and one template (each optional). */
    public static Bson listFilter(String status, String userId, String template) {
        List<Bson> clauses = new ArrayList<>();
        if (status != null) {
            clauses.add(Filters.eq("status", status));
        }
        if (userId != null) {
            clauses.add(Filters.eq("userId", userId));
        }
        if (template != null) {
            clauses.add(Filters.eq("template", template));
        }
        return clauses.isEmpty() ? Filters.empty() : Filters.and(clauses);
    }

    /**
     * One page of the log, newest first, after the cursor: without the mail's values, attachments and
     * address, which no row shows.
     */
    public Keyset.Slice<Delivery> newestFirst(Bson filter, String cursor, int size) {
        List<Delivery> fetched = mongoCollection().find(Keyset.page(filter, NEWEST_FIRST, cursor)).sort(NEWEST_FIRST.sort())
                .limit(size + 1).projection(Projections.exclude("values", "attachments", "to")).into(new ArrayList<>());
        return Keyset.slice(fetched, size, NEWEST_FIRST, d -> d.createdAt, d -> d.id);
    }

    /** How many deliveries the filter matches. */
    public long countMatching(Bson filter) {
        return mongoCollection().countDocuments(filter);
    }

    /** The deliveries a replica may take at {@code now}: due ones, and those whose sender's lease ran out. */
    public static Bson due(Instant now) {
        return Filters.or(
                Filters.and(Filters.in("status", List.of("QUEUED", "RETRYING")), Filters.lte("nextAttemptAt", now)),
                Filters.and(Filters.eq("status", "SENDING"), Filters.lt("leaseUntil", now)));
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
        Document claimed = mongoCollection().withDocumentClass(Document.class).findOneAndUpdate(due(now),
                new Document("$set", new Document("status", "SENDING").append("leaseUntil", leaseUntil)),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        return claimed == null ? Optional.empty() : findByIdOptional(claimed.getString("_id"));
    }
}
