package io.helpdesk.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;

/**
 * The one place that says whether an access token was revoked, shared by every service through
 * Redis: its {@code jti} on the denylist until it would have expired anyway, or issued before its
 * subject's "valid after" time (set on password reset, role change, deactivation, log-out-everywhere).
 */
@ApplicationScoped
public class RevocationStore {

    public static final String JTI_PREFIX = "revoked:jti:";
    static final String VALID_AFTER_PREFIX = "revoked:before:";

    private final ValueCommands<String, String> values;

    public RevocationStore(RedisDataSource redis) {
        this.values = redis.value(String.class);
    }

    /** One round trip: both checks in a single MGET. */
    public boolean isRevoked(String jti, String subject, long issuedAtEpochSeconds) {
        String jtiKey = JTI_PREFIX + (jti == null ? "" : jti);
        String subjectKey = VALID_AFTER_PREFIX + subject;
        Map<String, String> found = values.mget(jtiKey, subjectKey);
        if (jti == null || found.get(jtiKey) != null) {
            return true;
        }
        String validAfter = found.get(subjectKey);
        return validAfter != null && issuedAtEpochSeconds < Long.parseLong(validAfter);
    }

    /** Denylists one token until its expiry. */
    public void revokeToken(String jti, Instant expiresAt) {
        long seconds = Duration.between(Instant.now(), expiresAt).toSeconds() + 1;
        if (jti != null && seconds > 0) {
            values.set(JTI_PREFIX + jti, "1", new SetArgs().ex(seconds));
        }
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
        return line;
    }

    /** The earliest issue time (epoch seconds) a new token of the subject may carry; 0 when none is set. */
    public long validAfter(String subject) {
        String value = values.get(VALID_AFTER_PREFIX + subject);
        return value == null ? 0 : Long.parseLong(value);
    }
}
