package io.helpdesk.auth.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.conversions.Bson;

import com.mongodb.client.model.Filters;

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

    public List<Session> activeOf(String userId, Instant now) {
        return mongoCollection().find(live(userId, now)).into(new ArrayList<>());
    }

    public long deleteExpired(Instant now) {
        return mongoCollection().deleteMany(expired(now)).getDeletedCount();
    }
}
