package io.helpdesk.notification.delivery;

import java.time.Instant;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * A new ticket waiting for one team member's next digest. Its id is {@code ticketId:userId}, so a
 * redelivered event queues nothing new. Once a digest listing it is planned it is marked {@link #sentAt}
 * rather than removed (a redelivery of its event then still finds it and queues nothing), and MongoDB
 * drops it {@link DigestItemRepository#KEEP_SENT} later.
 */
@MongoEntity(collection = "digest_items")
public class DigestItem {

    @BsonId
    public String id;
    public String userId;
    public String ticketId;
    public String subject;
    public String priority;
    public String customerId;
    public Instant queuedAt;
    /** When a digest listing it was planned; null while it waits. */
    public Instant sentAt;
}
