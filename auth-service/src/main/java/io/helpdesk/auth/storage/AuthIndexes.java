package io.helpdesk.auth.storage;

import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.helpdesk.auth.audit.AuditRepository;
import io.helpdesk.auth.code.OtpRepository;
import io.helpdesk.auth.session.RetiredRefreshTokenRepository;
import io.helpdesk.auth.session.SessionRepository;
import io.helpdesk.auth.user.UserRepository;
import io.quarkus.runtime.StartupEvent;

/**
 * Every index of the auth-service, by collection, created at start-up: the one place they are declared.
 * {@code AuthIndexCoverageTest} reads each query the repositories build (every filter the list routes
 * accept, with and without a cursor, and every lookup) and proves that one of these serves it.
 */
@ApplicationScoped
public class AuthIndexes {

    /** {@code users}: the address (unique), the account list by address, and the lookups by token, picture and provider. */
    public static final List<IndexModel> USERS = List.of(
            // The unique index is what makes duplicate sign-ups impossible, even when they race. It also
            // yields the account list in address order, and a search by the address's start is a range on it.
            new IndexModel(Indexes.ascending("email"), new IndexOptions().unique(true).name("email_unique")),
            new IndexModel(Indexes.ascending("role", "email"), new IndexOptions().name("role_email")),
            new IndexModel(Indexes.ascending("status", "email"), new IndexOptions().name("status_email")),
            new IndexModel(Indexes.ascending("invitation.tokenHash"), new IndexOptions().sparse(true).name("invitation_token")),
            new IndexModel(Indexes.ascending("avatar.key"), new IndexOptions().sparse(true).name("avatar_key")),
            new IndexModel(Indexes.ascending("identities.provider", "identities.subject"),
                    new IndexOptions().sparse(true).name("linked_identity")));

    /** {@code audit}: newest first, of everyone, of one account or of one type. */
    public static final List<IndexModel> AUDIT = List.of(
            new IndexModel(Indexes.descending("at", "_id"), new IndexOptions().name("at_id")),
            new IndexModel(Indexes.compoundIndex(Indexes.ascending("userId"), Indexes.descending("at", "_id")),
                    new IndexOptions().name("user_at_id")),
            new IndexModel(Indexes.compoundIndex(Indexes.ascending("type"), Indexes.descending("at", "_id")),
                    new IndexOptions().name("type_at_id")));

    /** {@code sessions}: a user's live sessions, and the expiry. */
    public static final List<IndexModel> SESSIONS = List.of(
            new IndexModel(Indexes.ascending("userId", "revokedAt", "expiresAt"), new IndexOptions().name("user_live")),
            // Real MongoDB drops expired sessions itself; the cleanup job does it elsewhere.
            new IndexModel(Indexes.ascending("expiresAt"), new IndexOptions().name("expiry").expireAfter(0L, TimeUnit.SECONDS)));

    /** {@code retired_refresh_tokens}: looked up by hash (the id); the expiry. */
    public static final List<IndexModel> RETIRED_REFRESH_TOKENS = List.of(
            new IndexModel(Indexes.ascending("expiresAt"), new IndexOptions().name("expiry").expireAfter(0L, TimeUnit.SECONDS)));

    /** {@code otps}: looked up by key (the id); the expiry. */
    public static final List<IndexModel> OTPS = List.of(
            new IndexModel(Indexes.ascending("expiresAt"), new IndexOptions().name("expiry").expireAfter(0L, TimeUnit.SECONDS)));

    private final UserRepository users;
    private final AuditRepository audit;
    private final SessionRepository sessions;
    private final RetiredRefreshTokenRepository retired;
    private final OtpRepository otps;

    public AuthIndexes(UserRepository users, AuditRepository audit, SessionRepository sessions,
            RetiredRefreshTokenRepository retired, OtpRepository otps) {
        this.users = users;
        this.audit = audit;
        this.sessions = sessions;
        this.retired = retired;
        this.otps = otps;
    }

    void create(@Observes StartupEvent started) {
        users.mongoCollection().createIndexes(USERS);
        audit.mongoCollection().createIndexes(AUDIT);
        sessions.mongoCollection().createIndexes(SESSIONS);
        retired.mongoCollection().createIndexes(RETIRED_REFRESH_TOKENS);
        otps.mongoCollection().createIndexes(OTPS);
    }
}
