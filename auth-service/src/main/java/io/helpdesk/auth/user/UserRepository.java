package io.helpdesk.auth.user;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.helpdesk.platform.web.paging.Keyset;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;

@ApplicationScoped
public class UserRepository implements PanacheMongoRepositoryBase<User, String> {

    /** The account list's order: by address, A to Z. */
    public static final Keyset.Order BY_EMAIL = Keyset.Order.ascending("users", "email");

    /**
     * The accounts of the account list: those whose address starts with {@code q} (any letter case:
     * addresses are stored in lower case, so this is a range on the email index), of one role, and of
     * one status (all but DELETED when none is given). Each part is optional.
     */
    public static Bson listFilter(String q, String role, String status) {
        List<Bson> clauses = new ArrayList<>();
        if (q != null && !q.isBlank()) {
            clauses.add(Filters.regex("email", "^" + literal(q.trim().toLowerCase(Locale.ROOT))));
        }
        if (role != null) {
            clauses.add(Filters.eq("role", role));
        }
        clauses.add(status != null ? Filters.eq("status", status) : Filters.ne("status", User.Status.DELETED.name()));
        return Filters.and(clauses);
    }

    /**
     * The filter of the accounts after the cursor in {@link #BY_EMAIL}: addresses are unique, so the
     * order's {@code _id} tie-breaker never decides and the email index alone yields the order.
     */
    public static Bson after(Bson filter, String cursor) {
        Keyset.Position position = Keyset.decode(BY_EMAIL, cursor);
        return position == null ? filter : Filters.and(filter, Filters.gt("email", position.value()));
    }

    /** The account list's sort: by the unique address alone. */
    public static Bson listSort() {
        return Sorts.ascending("email");
    }

    /** One page of the account list after the cursor, without what no list shows (hash, outbox). */
    public Keyset.Slice<User> list(Bson filter, String cursor, int size) {
        List<User> fetched = mongoCollection().find(after(filter, cursor)).sort(listSort()).limit(size + 1)
                .projection(Projections.exclude("passwordHash", "outbox", "outboxFailed")).into(new ArrayList<>());
        return Keyset.slice(fetched, size, BY_EMAIL, u -> u.email, u -> u.id);
    }

    /** How many accounts the filter matches. */
    public long countMatching(Bson filter) {
        return mongoCollection().countDocuments(filter);
    }

    /** The address prefix as a pattern that matches it literally and keeps MongoDB's prefix bounds (no \Q…\E). */
    static String literal(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (!Character.isLetterOrDigit(c)) {
                escaped.append('\\');
            }
            escaped.appendCodePoint(c);
        });
        return escaped.toString();
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
        return mongoCollection().find(query).sort(new Document("_id", 1)).limit(size).into(new java.util.ArrayList<>());
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
