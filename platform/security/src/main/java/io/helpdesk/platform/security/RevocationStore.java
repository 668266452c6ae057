package io.helpdesk.platform.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.helpdesk.platform.contracts.Channels;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.pubsub.PubSubCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.smallrye.mutiny.Uni;

/**
 * The one place that says whether an access token was revoked, shared by every service through
 * Redis. Three lines, read in a single MGET: the token's {@code jti} on the denylist, its session
 * ({@code sid}) ended, or issued before its subject's "valid after" time (password reset, role
 * change, deactivation, deletion). Each revocation is also announced on
 * {@link Channels#REVOCATIONS_CHANNEL}, so open connections elsewhere close at once.
 */
@ApplicationScoped
public class RevocationStore {

    public static final String JTI_PREFIX = "revoked:jti:";
    public static final String SESSION_PREFIX = "revoked:sid:";
    static final String VALID_AFTER_PREFIX = "revoked:before:";

    private final ValueCommands<String, String> values;
    private final ReactiveValueCommands<String, String> reactiveValues;
    private final PubSubCommands<String> announcements;
    private final Duration timeout;

    public RevocationStore(RedisDataSource redis, ReactiveRedisDataSource reactiveRedis,
            @ConfigProperty(name = "quarkus.redis.timeout", defaultValue = "10s") Duration timeout) {
        this.values = redis.value(String.class);
        this.reactiveValues = reactiveRedis.value(String.class);
        this.announcements = redis.pubsub(String.class);
        this.timeout = timeout;
    }

    /** One round trip: the token, its session and its subject's line in a single MGET. */
    public boolean isRevoked(String jti, String sessionId, String subject, long issuedAtEpochSeconds) {
        Lines lines = new Lines(jti, sessionId, subject, issuedAtEpochSeconds);
        return lines.refusedBy(values.mget(lines.keys()));
    }

    /**
     * {@link #isRevoked}, without blocking the calling thread: for the request's own event loop. A Redis that
     * takes the command and does not answer fails it after {@code quarkus.redis.timeout}, as the blocking
     * client does (a 503, not a request that hangs).
     */
    public Uni<Boolean> isRevokedLater(String jti, String sessionId, String subject, long issuedAtEpochSeconds) {
        Lines lines = new Lines(jti, sessionId, subject, issuedAtEpochSeconds);
        return reactiveValues.mget(lines.keys()).ifNoItem().after(timeout).fail().map(lines::refusedBy);
    }

    /** The three keys one token is checked against, and what their values say. */
    private record Lines(String jti, String sessionId, String subject, long issuedAt, String[] keys) {

        Lines(String jti, String sessionId, String subject, long issuedAt) {
            // A service token has no session: its key is one nobody writes.
            this(jti, sessionId, subject, issuedAt, new String[] { JTI_PREFIX + (jti == null ? "" : jti),
                    SESSION_PREFIX + (sessionId == null ? "" : sessionId), VALID_AFTER_PREFIX + subject });
        }

        boolean refusedBy(Map<String, String> found) {
            if (jti == null || found.get(keys[0]) != null || (sessionId != null && found.get(keys[1]) != null)) {
                return true;
            }
            String validAfter = found.get(keys[2]);
            return validAfter != null && issuedAt < Long.parseLong(validAfter);
        }
    }

    /** Denylists one token until its expiry. */
    public void revokeToken(String jti, Instant expiresAt) {
        long seconds = Duration.between(Instant.now(), expiresAt).toSeconds() + 1;
        if (jti != null && seconds > 0) {
            values.set(JTI_PREFIX + jti, "1", new SetArgs().ex(seconds));
            announce(new Revocation(Revocation.Kind.TOKEN, jti, 0));
        }
    }

    /**
     * Refuses every access token ever issued in a session, in every service.
     *
     * @param keepFor how long to remember it: at least the longest access-token lifetime
     */
    public void revokeSession(String sessionId, Duration keepFor) {
        values.set(SESSION_PREFIX + sessionId, "1", new SetArgs().ex(keepFor.toSeconds()));
        announce(new Revocation(Revocation.Kind.SESSION, sessionId, 0));
    }

    /**
     * Revokes every token of the subject issued before now. Tokens carry whole seconds, so the line
     * is drawn at the next second and the issuer never dates a new token before it.
     *
     * @param keepFor how long to remember the line: at least the longest access-token lifetime
     * @return the first issue time (epoch seconds) a token of this subject may carry from now on
     */
    public long revokeAllBefore(String subject, Duration keepFor) {
        long line = Instant.now().getEpochSecond() + 1;
        values.set(VALID_AFTER_PREFIX + subject, Long.toString(line), new SetArgs().ex(keepFor.toSeconds()));
        announce(new Revocation(Revocation.Kind.USER, subject, line));
        return line;
    }

    /** The earliest issue time (epoch seconds) a new token of the subject may carry; 0 when none is set. */
    public long validAfter(String subject) {
        String value = values.get(VALID_AFTER_PREFIX + subject);
        return value == null ? 0 : Long.parseLong(value);
    }

    private void announce(Revocation revocation) {
        announcements.publish(Channels.REVOCATIONS_CHANNEL, revocation.encode());
    }
}
