package io.helpdesk.auth.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.conversions.Bson;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;

@ApplicationScoped
public class SessionRepository implements PanacheMongoRepositoryBase<Session, String> {

    /** A user's sessions that are neither revoked nor expired at {@code now}. */
    public static Bson live(String userId, Instant now) {
        return Filters.and(Filters.eq("userId", userId), Filters.eq("revokedAt", null), Filters.gt("expiresAt", now));
    }

    /** The sessions that expired before {@code now}. */
    public static Bson expired(Instant now) {
        return Filters.lt("expiresAt", now);
    }

    /**
     * The session without its retired refresh hashes, which grow by one with every refresh: what a
     * refresh reads, since the presented token is almost always the current one.
     */
    public Optional<Session> withoutRetired(String id) {
        return Optional.ofNullable(mongoCollection().find(Filters.eq("_id", id))
                .projection(Projections.exclude("retiredHashes")).first());
    }

    /** Whether the session's refresh token once had this hash (a rotated-out token presented again). */
    public boolean retired(String id, String hash) {
        return mongoCollection().countDocuments(Filters.and(Filters.eq("_id", id), Filters.eq("retiredHashes", hash))) > 0;
    }

    public List<Session> activeOf(String userId, Instant now) {
        return mongoCollection().find(live(userId, now)).into(new ArrayList<>());
    }

    public long deleteExpired(Instant now) {
        return mongoCollection().deleteMany(expired(now)).getDeletedCount();
    }
}
