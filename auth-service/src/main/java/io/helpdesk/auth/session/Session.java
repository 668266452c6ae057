package io.helpdesk.auth.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * One login and the refresh tokens it rotates through (a family). Only hashes of refresh tokens are
 * stored; the retired ones are kept to recognise a replayed token.
 */
@MongoEntity(collection = "sessions")
public class Session {

    @BsonId
    public String id;
    public String userId;
    public String refreshHash;
    public List<String> retiredHashes = new ArrayList<>();
    public Instant createdAt;
    public Instant lastUsedAt;
    public Instant expiresAt;
    public Instant revokedAt;
    public String revokedReason;
    public String userAgent;
    public String ip;

    public boolean usable(Instant now) {
        return revokedAt == null && expiresAt != null && expiresAt.isAfter(now);
    }
}
