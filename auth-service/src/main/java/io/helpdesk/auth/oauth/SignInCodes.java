package io.helpdesk.auth.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.auth.config.AuthConfig;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;

/**
 * The one-time codes that carry a provider sign-in from the browser's redirect to the client, which
 * exchanges one for the token pair: random, short-lived, used at most once (GETDEL), and kept in Redis
 * only as a hash, so every replica can redeem what another issued. Each is stored with the PKCE
 * challenge of the client that started the sign-in ({@link ClientChallenges}): redeeming takes the
 * code whatever verifier comes with it, so a wrong verifier uses it up too.
 */
@ApplicationScoped
public class SignInCodes {

    private static final String PREFIX = "auth:oauth:code:";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Who signed in, with which provider, and the challenge of the client that started the sign-in. */
    public record SignedIn(String userId, String provider, String challenge) {

        /** True when {@code verifier} is the one the starting client hashed into its challenge. */
        public boolean provenBy(String verifier) {
            return ClientChallenges.proves(verifier, challenge);
        }
    }

    private final ValueCommands<String, String> values;
    private final Duration lifetime;

    public SignInCodes(RedisDataSource redis, AuthConfig config) {
        this.values = redis.value(String.class);
        this.lifetime = config.oauth().codeLifetime();
    }

    public String issue(String userId, String provider, String challenge) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        values.set(PREFIX + hash(code), userId + "|" + provider + "|" + challenge, new SetArgs().ex(lifetime));
        return code;
    }

    /** The sign-in of a live code, which is used up by this whoever asks; empty for anything else. */
    public Optional<SignedIn> redeem(String code) {
        if (code == null || code.isBlank() || code.length() > 100) {
            return Optional.empty();
        }
        String value = values.getdel(PREFIX + hash(code));
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.split("\\|", 3);
        return Optional.of(new SignedIn(parts[0], parts.length > 1 ? parts[1] : null, parts.length > 2 ? parts[2] : null));
    }

    public Duration lifetime() {
        return lifetime;
    }

    private static String hash(String code) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
