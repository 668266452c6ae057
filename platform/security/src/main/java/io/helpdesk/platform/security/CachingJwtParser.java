package io.helpdesk.platform.security;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * smallrye-jwt's parser, remembering the tokens it verified. A client sends the same access token with
 * every request until it refreshes; parsing its JSON and checking its RS256 signature again each time
 * was most of what an authenticated request cost. A token that passed once (signature against the
 * auth-service's keys, issuer, audience, expiry) is the same string the next time, so the verdict is
 * kept, keyed by the exact token, until the token expires and never longer than {@link #KEEP_AT_MOST}
 * (smallrye-jwt itself keeps trusting a key withdrawn from the JWKS until its next refresh of the key
 * set, {@code smallrye.jwt.jwks.refresh-interval}, 60 minutes by default). Only what passed is kept;
 * a token that fails is checked again on every request. Revocation is not cached: {@link RevocationCheck}
 * asks Redis on every request, as before. HTTP requests (through Quarkus) and WebSocket frames (through
 * {@link TokenVerifier}) both use this parser.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class CachingJwtParser implements JWTParser {

    /** The longest a verdict is kept, whatever the token's own lifetime. */
    static final Duration KEEP_AT_MOST = Duration.ofMinutes(5);

    private final DefaultJWTParser parser;
    /** Null when the configured capacity is 0: every token is verified afresh. */
    private final Cache<String, JsonWebToken> verified;

    public CachingJwtParser(DefaultJWTParser parser,
            @ConfigProperty(name = "helpdesk.security.verified-tokens", defaultValue = "2000") long capacity) {
        this.parser = parser;
        this.verified = capacity <= 0 ? null : Caffeine.newBuilder().maximumSize(capacity).expireAfter(UNTIL_EXPIRY).build();
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken known = remembered(token);
        if (known != null) {
            return known;
        }
        JsonWebToken fresh = parser.parse(token);
        if (verified != null) {
            verified.put(token, fresh);
        }
        return fresh;
    }

    /**
     * The token as it was verified before, while it is remembered and unexpired; null when it must be
     * verified ({@link #parse}), which may fetch the JWKS.
     */
    public JsonWebToken remembered(String token) {
        JsonWebToken known = verified == null || token == null ? null : verified.getIfPresent(token);
        return known != null && Instant.now().getEpochSecond() < known.getExpirationTime() ? known : null;
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return parser.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, java.security.PublicKey key) throws ParseException {
        return parser.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, javax.crypto.SecretKey key) throws ParseException {
        return parser.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return parser.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, java.security.PrivateKey key) throws ParseException {
        return parser.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, javax.crypto.SecretKey key) throws ParseException {
        return parser.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return parser.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return parser.parseOnly(token);
    }

    /** Kept until the token's expiry, at most {@link #KEEP_AT_MOST}; a read does not extend it. */
    private static final Expiry<String, JsonWebToken> UNTIL_EXPIRY = new Expiry<>() {
        @Override
        public long expireAfterCreate(String token, JsonWebToken jwt, long now) {
            long left = Math.min(jwt.getExpirationTime() - Instant.now().getEpochSecond(), KEEP_AT_MOST.toSeconds());
            return left <= 0 ? 0 : TimeUnit.SECONDS.toNanos(left);
        }

        @Override
        public long expireAfterUpdate(String token, JsonWebToken jwt, long now, long currentDuration) {
            return expireAfterCreate(token, jwt, now);
        }

        @Override
        public long expireAfterRead(String token, JsonWebToken jwt, long now, long currentDuration) {
            return currentDuration;
        }
    };
}
