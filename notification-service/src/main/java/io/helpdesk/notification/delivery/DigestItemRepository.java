package io.helpdesk.notification.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.conversions.Bson;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;

/** The {@code digest_items} collection: new tickets each team member's next digest will list. */
@ApplicationScoped
public class DigestItemRepository implements PanacheMongoRepositoryBase<DigestItem, String> {

    /**
     * How long an item stays once a digest listed it, so a redelivery of its {@code TicketCreated} finds
     * it and queues nothing (redeliveries come within minutes; a week is far beyond that).
     */
    public static final Duration KEEP_SENT = Duration.ofDays(7);

    /** The items no digest listed yet. */
    public static Bson waiting() {
        return Filters.eq("sentAt", null);
    }

    /** The items waiting for one member. */
    public static Bson waitingOf(String userId) {
        return Filters.and(Filters.eq("userId", userId), waiting());
    }

    /** Their order in a digest: oldest first. */
    public static Bson digestOrder() {
        return Sorts.ascending("queuedAt");
    }

    /** Stores the item unless it is stored already (waiting, or sent in an earlier digest). */
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
        return mongoCollection().distinct("userId", waiting(), String.class).into(new ArrayList<>());
    }

    /** What waits for one member (not yet in a digest), oldest first. */
    public List<DigestItem> waitingFor(String userId) {
        return mongoCollection().find(waitingOf(userId)).sort(digestOrder()).into(new ArrayList<>());
    }

    /** Marks the items as listed in a digest: they wait no more, and stay until {@link #KEEP_SENT} has passed. */
    public void markSent(List<String> ids, Instant sentAt) {
        mongoCollection().updateMany(Filters.in("_id", ids), Updates.set("sentAt", Date.from(sentAt)));
    }

    public void remove(List<String> ids) {
        delete("_id in ?1", ids);
    }
}
