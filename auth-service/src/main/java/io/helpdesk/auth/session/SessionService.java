package io.helpdesk.auth.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.helpdesk.auth.audit.AuditLog;
import io.helpdesk.auth.config.AuthConfig;
import io.helpdesk.auth.token.TokenIssuer;
import io.helpdesk.auth.user.AccountSessions;
import io.helpdesk.auth.user.User;
import io.helpdesk.auth.user.UserRepository;
import io.helpdesk.platform.web.problem.ProblemException;
import io.helpdesk.platform.security.RevocationStore;
import io.helpdesk.platform.security.TokenVerifier;
import io.quarkus.scheduler.Scheduled;

/**
 * Sessions and their refresh tokens. A refresh token is {@code <sessionId>.<secret>}; each use
 * retires it and returns a new pair. A retired token presented again (within a refresh-token lifetime
 * of when it was recorded as retired) means it was copied: the whole session is revoked.
 */
@ApplicationScoped
public class SessionService implements AccountSessions {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SessionRepository sessions;
    private final RetiredRefreshTokenRepository retired;
    private final UserRepository users;
    private final TokenIssuer issuer;
    private final RevocationStore revocations;
    private final AuditLog audit;
    private final AuthConfig.Jwt config;

    public SessionService(SessionRepository sessions, RetiredRefreshTokenRepository retired, UserRepository users,
            TokenIssuer issuer, RevocationStore revocations, AuditLog audit, AuthConfig config) {
        this.sessions = sessions;
        this.retired = retired;
        this.users = users;
        this.issuer = issuer;
        this.revocations = revocations;
        this.audit = audit;
        this.config = config.jwt();
    }

    /** A new session for a user who just proved who they are. */
    public TokenPair open(User user, String userAgent, String ip) {
        Instant now = Instant.now();
        Session session = new Session();
        session.id = UUID.randomUUID().toString();
        session.userId = user.id;
        session.createdAt = now;
        session.lastUsedAt = now;
        session.userAgent = userAgent == null ? null : userAgent.substring(0, Math.min(200, userAgent.length()));
        session.ip = ip;
        String secret = secret();
        session.refreshHash = hash(secret);
        session.expiresAt = now.plus(config.refreshTokenLifetime());
        TokenIssuer.AccessToken access = issuer.forUser(user.id, user.email, user.role, session.id);
        sessions.persist(session);
        return pair(access, session.id + "." + secret, session.expiresAt, now);
    }

    /** Exchanges a refresh token for a new pair; 401 for anything but the current token of a live session. */
    public TokenPair refresh(String refreshToken) {
        Presented token = Presented.of(refreshToken);
        if (token == null) {
            throw invalid();
        }
        String presented = token.hash();
        Instant now = Instant.now();
        Session session = sessions.findByIdOptional(token.sessionId()).orElseThrow(SessionService::invalid);
        if (!presented.equals(session.refreshHash)) {
            // Not the current token: one rotated out before means it was copied, and the session ends.
            if (wasRetired(session, presented)) {
                end(session, "REFRESH_REUSE");
                audit.record(AuditLog.Type.REFRESH_REUSE_DETECTED, null, session.userId, null, session.ip,
                        "session " + session.id + " revoked");
            }
            throw invalid();
        }
        if (!session.usable(now)) {
            throw invalid();
        }
        User user = users.findByIdOptional(session.userId).filter(User::active).orElseThrow(SessionService::invalid);

        String secret = secret();
        TokenIssuer.AccessToken access = issuer.forUser(user.id, user.email, user.role, session.id);
        Instant expiresAt = now.plus(config.refreshTokenLifetime());
        // Recorded as retired before it is, so that no failure between the two writes leaves a
        // rotated-out token unrecognised; while it is still current, a presentation finds it current.
        // The hashes an earlier version kept in the session move to records too, and leave it. Its $push
        // came with a rotation of refreshHash, so a push after the read makes this update match nothing.
        List<String> retiring = new ArrayList<>(legacyRetired(session));
        retiring.add(presented);
        retired.record(retiring, session.id, expiresAt.isAfter(session.expiresAt) ? expiresAt : session.expiresAt);
        // Only the holder of the current token wins: two concurrent refreshes give one success.
        long updated = sessions.mongoCollection().updateOne(
                Filters.and(Filters.eq("_id", session.id), Filters.eq("refreshHash", presented),
                        Filters.eq("revokedAt", null)),
                Updates.combine(
                        Updates.set("refreshHash", hash(secret)),
                        Updates.set("lastUsedAt", now),
                        Updates.set("expiresAt", expiresAt),
                        Updates.unset("retiredHashes")))
                .getModifiedCount();
        if (updated == 0) {
            throw invalid();
        }
        return pair(access, session.id + "." + secret, expiresAt, now);
    }

    /**
     * Ends one session whole: its refresh token stops working and every access token ever issued in
     * it is refused by every service from the next request on (and open sockets close).
     */
    public void end(Session session, String reason) {
        sessions.mongoCollection().updateOne(Filters.and(Filters.eq("_id", session.id), Filters.eq("revokedAt", null)),
                Updates.combine(Updates.set("revokedAt", Instant.now()), Updates.set("revokedReason", reason)));
        revocations.revokeSession(session.id, revocationMemory());
    }

    /** The live session whose current refresh token this is (token introspection); empty for any other string. */
    public Optional<Session> ofRefreshToken(String refreshToken) {
        Presented token = Presented.of(refreshToken);
        return token == null ? Optional.empty() : sessions.findByIdOptional(token.sessionId())
                .filter(s -> s.usable(Instant.now()) && token.hash().equals(s.refreshHash));
    }

    /**
     * Token revocation (RFC 7009) of a refresh token, current or retired: its whole session ends, as at
     * a logout. False when it is no refresh token of a live session.
     */
    public boolean revokeRefreshToken(String refreshToken, String ip) {
        Presented token = Presented.of(refreshToken);
        Optional<Session> session = token == null ? Optional.empty() : sessions.findByIdOptional(token.sessionId())
                .filter(s -> s.revokedAt == null
                        && (token.hash().equals(s.refreshHash) || wasRetired(s, token.hash())));
        session.ifPresent(s -> {
            end(s, "REVOKED");
            audit.record(AuditLog.Type.SESSION_REVOKED, s.userId, s.userId, null, ip,
                    "session " + s.id + " (refresh token revoked)");
        });
        return session.isPresent();
    }

    /** Logging out: ends the session of the token presented, and the token itself. */
    public void logout(TokenVerifier.Verified token, String ip) {
        revocations.revokeToken(token.tokenId(), Instant.ofEpochSecond(token.expiresAt()));
        String userId = token.caller().id();
        String sessionId = token.caller().sessionId();
        if (sessionId != null) {
            sessions.findByIdOptional(sessionId).filter(s -> s.userId.equals(userId)).ifPresent(s -> end(s, "LOGOUT"));
        }
        audit.record(AuditLog.Type.LOGOUT, userId, userId, token.caller().email(), ip, "session " + sessionId);
    }

    /** A user (or an admin, as actor) ends one session on purpose. */
    public void revoke(Session session, String actorId, String ip) {
        end(session, actorId.equals(session.userId) ? "USER_REVOKED" : "ADMIN_REVOKED");
        String email = users.findByIdOptional(session.userId).map(u -> u.email).orElse(null);
        audit.record(AuditLog.Type.SESSION_REVOKED, actorId, session.userId, email, ip, "session " + session.id);
    }

    /** Ends every session of the user, except one if given, denylisting their access tokens. */
    @Override
    public void endAllExcept(String userId, String keepSessionId, String reason) {
        for (Session session : sessions.activeOf(userId, Instant.now())) {
            if (!session.id.equals(keepSessionId)) {
                end(session, reason);
            }
        }
    }

    /** Ends every session and refuses every token issued so far to the user, in every service. */
    public void revokeEverything(String userId, String reason) {
        endAllExcept(userId, null, reason);
        revocations.revokeAllBefore(userId, revocationMemory());
    }

    /** A revocation outlives every access token it refuses (plus clock skew). */
    private Duration revocationMemory() {
        return config.accessTokenLifetime().plus(Duration.ofMinutes(5));
    }

    public List<Session> active(String userId) {
        return sessions.activeOf(userId, Instant.now());
    }

    public Optional<Session> activeOne(String userId, String sessionId) {
        return sessions.findByIdOptional(sessionId)
                .filter(s -> s.userId.equals(userId) && s.usable(Instant.now()));
    }

    /** Whether the session once had a refresh token with this hash (recorded a refresh-token lifetime ago at most). */
    private boolean wasRetired(Session session, String hash) {
        return legacyRetired(session).contains(hash) || retired.retiredFrom(session.id, hash);
    }

    /** The retired hashes an earlier version kept in the session, until its next refresh moves them. */
    private static List<String> legacyRetired(Session session) {
        return session.retiredHashes == null ? List.of() : session.retiredHashes;
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void deleteExpired() {
        Instant dayAgo = Instant.now().minus(Duration.ofDays(1));
        sessions.deleteExpired(dayAgo);
        retired.deleteExpired(dayAgo);
    }

    private TokenPair pair(TokenIssuer.AccessToken access, String refreshToken, Instant refreshExpiresAt, Instant now) {
        return new TokenPair(access.token(), refreshToken, issuer.accessLifetimeSeconds(),
                Duration.between(now, refreshExpiresAt).toSeconds());
    }

    /** A refresh token as presented, {@code <sessionId>.<secret>}: its session and the hash of its secret. */
    private record Presented(String sessionId, String hash) {

        static Presented of(String refreshToken) {
            int dot = refreshToken == null ? -1 : refreshToken.indexOf('.');
            if (dot <= 0 || dot == refreshToken.length() - 1) {
                return null;
            }
            return new Presented(refreshToken.substring(0, dot), SessionService.hash(refreshToken.substring(dot + 1)));
        }
    }

    private static ProblemException invalid() {
        return new ProblemException(401, "The refresh token is not valid.");
    }

    private static String secret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
