package io.helpdesk.auth.session;

import java.time.Instant;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * A refresh token a refresh rotated out, kept to recognise it if it is presented again (it was copied).
 * One document per token rather than a list in its session, so a session stays the same size however
 * often it is refreshed.
 */
@MongoEntity(collection = "retired_refresh_tokens")
public class RetiredRefreshToken {

    /** The SHA-256 of the token's secret, as the session stored it while the token was current. */
    @BsonId
    public String hash;
    public String sessionId;
    /**
     * A refresh-token lifetime after it was first recorded, which a refresh does just before it retires
     * the token: past the time the token itself could have been used.
     */
    public Instant expiresAt;
}
