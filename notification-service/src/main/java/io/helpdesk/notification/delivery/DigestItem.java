package io.helpdesk.notification.delivery;

import java.time.Instant;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * A new ticket waiting for one team member's next digest. Its id is {@code ticketId:userId}, so a
 * redelivered event queues nothing new; it is removed once a digest listing it is planned.
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
}
