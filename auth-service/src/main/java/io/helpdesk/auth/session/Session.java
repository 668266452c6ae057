package io.helpdesk.auth.session;

import java.time.Instant;
import java.util.List;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * One login and the refresh tokens it rotates through (a family). Only the hash of the current refresh
 * token is stored here; the retired ones are in {@link RetiredRefreshToken}.
 */
@MongoEntity(collection = "sessions")
public class Session {

    @BsonId
    public String id;
    public String userId;
    public String refreshHash;
    /**
     * Where earlier versions kept the hashes of the retired refresh tokens, one more with every refresh;
     * moved to {@link RetiredRefreshToken} documents by the session's next refresh, empty otherwise.
     */
    public List<String> retiredHashes;
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
