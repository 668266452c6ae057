package io.helpdesk.auth.session;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.bson.Document;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.runtime.StartupEvent;

@ApplicationScoped
public class SessionRepository implements PanacheMongoRepositoryBase<Session, String> {

    void indexes(@Observes StartupEvent started) {
        mongoCollection().createIndex(Indexes.ascending("userId", "revokedAt"), new IndexOptions().name("user_active"));
        // Real MongoDB drops expired sessions itself; the cleanup job does it elsewhere.
        mongoCollection().createIndex(Indexes.ascending("expiresAt"),
                new IndexOptions().name("expiry").expireAfter(0L, java.util.concurrent.TimeUnit.SECONDS));
    }

    public List<Session> activeOf(String userId, Instant now) {
        return find(new Document("userId", userId).append("revokedAt", null)
                .append("expiresAt", new Document("$gt", now))).list();
    }

    public long deleteExpired(Instant now) {
        return delete(new Document("expiresAt", new Document("$lt", now)));
    }
}
