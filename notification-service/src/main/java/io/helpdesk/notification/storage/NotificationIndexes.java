package io.helpdesk.notification.storage;

import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.helpdesk.notification.delivery.DeliveryRepository;
import io.helpdesk.notification.delivery.DigestItemRepository;
import io.helpdesk.notification.directory.RecipientRepository;
import io.quarkus.runtime.StartupEvent;

/**
 * Every index of the notification-service, by collection, created at start-up: the one place they are
 * declared. {@code NotificationIndexCoverageTest} reads each query the repositories build (every filter
 * of the delivery log, with and without a cursor, the sender's claim, the digest and the directory) and
 * proves that one of these serves it.
 */
@ApplicationScoped
public class NotificationIndexes {

    /** {@code deliveries}: the sender's claim of due and stale ones, and the delivery log newest first by each filter. */
    public static final List<IndexModel> DELIVERIES = List.of(
            new IndexModel(Indexes.ascending("status", "nextAttemptAt"), new IndexOptions().name("due")),
            new IndexModel(Indexes.ascending("status", "leaseUntil"), new IndexOptions().name("lease")),
            new IndexModel(Indexes.descending("createdAt", "_id"), new IndexOptions().name("created_id")),
            new IndexModel(Indexes.compoundIndex(Indexes.ascending("status"), Indexes.descending("createdAt", "_id")),
                    new IndexOptions().name("status_created_id")),
            new IndexModel(Indexes.compoundIndex(Indexes.ascending("userId"), Indexes.descending("createdAt", "_id")),
                    new IndexOptions().name("user_created_id")),
            new IndexModel(Indexes.compoundIndex(Indexes.ascending("template"), Indexes.descending("createdAt", "_id")),
                    new IndexOptions().name("template_created_id")));

    /** {@code digest_items}: what waits for a member, oldest first; sent items expire. */
    public static final List<IndexModel> DIGEST_ITEMS = List.of(
            new IndexModel(Indexes.ascending("userId", "queuedAt"), new IndexOptions().name("user")),
            new IndexModel(Indexes.ascending("sentAt"), new IndexOptions().name("sent")
                    .expireAfter(DigestItemRepository.KEEP_SENT.toSeconds(), TimeUnit.SECONDS)));

    /** {@code recipients}: the active members of a role (the team). */
    public static final List<IndexModel> RECIPIENTS = List.of(
            new IndexModel(Indexes.ascending("role", "status"), new IndexOptions().name("role")));

    private final DeliveryRepository deliveries;
    private final DigestItemRepository digestItems;
    private final RecipientRepository recipients;

    public NotificationIndexes(DeliveryRepository deliveries, DigestItemRepository digestItems, RecipientRepository recipients) {
        this.deliveries = deliveries;
        this.digestItems = digestItems;
        this.recipients = recipients;
    }

    void create(@Observes StartupEvent started) {
        deliveries.mongoCollection().createIndexes(DELIVERIES);
        digestItems.mongoCollection().createIndexes(DIGEST_ITEMS);
        recipients.mongoCollection().createIndexes(RECIPIENTS);
    }
}
