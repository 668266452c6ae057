package io.helpdesk.auth.audit;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.bson.codecs.pojo.annotations.BsonId;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.mongodb.panache.common.MongoEntity;
import io.quarkus.runtime.StartupEvent;

/** Security-relevant events: a collection that admins query, and a counter per type for dashboards. */
@ApplicationScoped
public class AuditLog implements PanacheMongoRepositoryBase<AuditLog.Entry, String> {

    public enum Type {
        USER_REGISTERED, LOGIN_SUCCEEDED, LOGIN_FAILED, ACCOUNT_LOCKED, LOGOUT, REFRESH_REUSE_DETECTED,
        /** Every reset request; the detail says whether a code was issued and, if not, why. */
        PASSWORD_RESET_REQUESTED,
        /** A reset code was created and sent. */
        PASSWORD_RESET_CODE_ISSUED,
        PASSWORD_RESET, PASSWORD_RESET_FAILED, PASSWORD_CHANGED,
        /** A wrong current password on change-password; it counts towards the account's lock. */
        PASSWORD_CHANGE_FAILED,
        ROLE_CHANGED, USER_DISABLED, USER_ENABLED, USER_DELETED, SESSION_REVOKED, SERVICE_TOKEN_ISSUED
    }

    @MongoEntity(collection = "audit")
    public static class Entry {
        @BsonId
        public String id;
        public Instant at;
        public Type type;
        public String actorId;
        public String userId;
        public String email;
        public String ip;
        public String detail;
    }

    private final MeterRegistry metrics;

    public AuditLog(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    void indexes(@Observes StartupEvent started) {
        mongoCollection().createIndex(Indexes.descending("at"), new IndexOptions().name("at"));
        mongoCollection().createIndex(Indexes.ascending("userId", "at"), new IndexOptions().name("user_at"));
    }

    public void record(Type type, String actorId, String userId, String email, String ip, String detail) {
        Entry entry = new Entry();
        entry.id = UUID.randomUUID().toString();
        entry.at = Instant.now();
        entry.type = type;
        entry.actorId = actorId;
        entry.userId = userId;
        entry.email = email;
        entry.ip = ip;
        entry.detail = detail;
        persist(entry);
        metrics.counter("helpdesk.auth.audit", "type", type.name()).increment();
    }
}
