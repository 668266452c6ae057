package io.helpdesk.auth.user;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.runtime.StartupEvent;

@ApplicationScoped
public class UserRepository implements PanacheMongoRepositoryBase<User, String> {

    void indexes(@Observes StartupEvent started) {
        // The unique index is what makes duplicate sign-ups impossible, even when they race.
        documents().createIndex(Indexes.ascending("email"), new IndexOptions().unique(true).name("email_unique"));
        documents().createIndex(Indexes.ascending("role", "status"), new IndexOptions().name("role_status"));
        documents().createIndex(Indexes.ascending("invitation.tokenHash"),
                new IndexOptions().sparse(true).name("invitation_token"));
        documents().createIndex(Indexes.ascending("avatar.key"), new IndexOptions().sparse(true).name("avatar_key"));
        documents().createIndex(Indexes.ascending("identities.provider", "identities.subject"),
                new IndexOptions().sparse(true).name("linked_identity"));
    }

    /** The account whose current picture has this key. */
    public Optional<User> findByAvatarKey(String key) {
        return find("avatar.key", key).firstResultOptional();
    }

    /** The account a sign-in provider's account is linked to. */
    public Optional<User> findByIdentity(String provider, String subject) {
        return find(new Document("identities", new Document("$elemMatch",
                new Document("provider", provider).append("subject", subject)))).firstResultOptional();
    }

    /** Links a provider's account, writing only that field (like a login's own fields). */
    public void link(String id, User.LinkedIdentity identity) {
        mongoCollection().updateOne(Filters.eq("_id", id), Updates.push("identities", identity));
    }

    public Optional<User> findByEmail(String normalizedEmail) {
        return find("email", normalizedEmail).firstResultOptional();
    }

    /** Up to {@code size} accounts with an id after {@code afterId} (null: from the first), in id order. */
    public List<User> page(String afterId, int size) {
        Document query = afterId == null ? new Document() : new Document("_id", new Document("$gt", afterId));
        return find(query, new Document("_id", 1)).page(Page.ofSize(size)).list();
    }

    /**
     * A login's own fields: when it happened and, when the hash parameters moved on, the re-hashed
     * password, only over the hash the login checked (a reset or a change meanwhile wins).
     */
    public void recordLogin(String id, Instant at, String checkedHash, String upgradedHash) {
        mongoCollection().updateOne(Filters.eq("_id", id), Updates.set("lastLoginAt", at));
        if (upgradedHash != null) {
            mongoCollection().updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("passwordHash", checkedHash)),
                    Updates.set("passwordHash", upgradedHash));
        }
    }

    public MongoCollection<Document> documents() {
        return mongoCollection().withDocumentClass(Document.class);
    }

    public static String normalize(String email) {
        return email == null ? null : email.trim().toLowerCase(java.util.Locale.ROOT);
    }
}
