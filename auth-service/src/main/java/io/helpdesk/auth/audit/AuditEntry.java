package io.helpdesk.auth.audit;

import java.time.Instant;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;

/** One line of the audit log. */
@MongoEntity(collection = "audit")
public class AuditEntry {
    @BsonId
    public String id;
    public Instant at;
    public AuditLog.Type type;
    public String actorId;
    public String userId;
    public String email;
    public String ip;
    public String detail;
}
