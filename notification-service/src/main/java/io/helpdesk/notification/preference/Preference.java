package io.helpdesk.notification.preference;

import java.time.Instant;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;

/** What one user wants to receive. */
@MongoEntity(collection = "preferences")
public class Preference {
    @BsonId
    public String id;
    /** Mail about tickets (created, replies, closed, assigned, SLA, reports). */
    public boolean ticketMail = true;
    public Instant updatedAt;
}
