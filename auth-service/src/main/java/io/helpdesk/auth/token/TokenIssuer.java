package io.helpdesk.auth.token;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.auth.config.AuthConfig;
import io.helpdesk.platform.security.RevocationStore;
import io.helpdesk.platform.security.Roles;
import io.smallrye.jwt.build.Jwt;

/** Signs RS256 access tokens with the current key and its {@code kid}. */
@ApplicationScoped
public class TokenIssuer {

    private final AuthConfig.Jwt config;
    private final SigningKeys keys;
    private final RevocationStore revocations;

    public TokenIssuer(AuthConfig config, SigningKeys keys, RevocationStore revocations) {
        this.config = config.jwt();
        this.keys = keys;
        this.revocations = revocations;
    }

    public record AccessToken(String token, String jti, Instant issuedAt, Instant expiresAt) {
    }

    /** A user's access token, bound to its session. */
    public AccessToken forUser(String userId, String email, String role, String sessionId) {
        // Never date a token before the user's "valid after" line, or it would be born revoked.
        Instant issuedAt = Instant.ofEpochSecond(Math.max(Instant.now().getEpochSecond(), revocations.validAfter(userId)));
        Instant expiresAt = issuedAt.plus(config.accessTokenLifetime());
        String jti = UUID.randomUUID().toString();
        String token = Jwt.issuer(config.issuer())
                .audience(config.audience())
                .subject(userId)
                .upn(email)
                .claim("email", email)
                .groups(Set.of(role))
                .claim("jti", jti)
                .claim("sid", sessionId)
                .issuedAt(issuedAt)
                .expiresAt(expiresAt)
                .jws().keyId(keys.keyId())
                .sign(keys.signingKey());
        return new AccessToken(token, jti, issuedAt, expiresAt);
    }

    /** A service's access token from the client-credentials grant. */
    public AccessToken forService(String clientId) {
        Instant issuedAt = Instant.now();
        Instant expiresAt = issuedAt.plus(config.serviceTokenLifetime());
        String jti = UUID.randomUUID().toString();
        String token = Jwt.issuer(config.issuer())
                .audience(config.audience())
                .subject("service:" + clientId)
                .upn(clientId)
                .groups(Set.of(Roles.SERVICE))
                .claim("jti", jti)
                .claim("client_id", clientId)
                .issuedAt(issuedAt)
                .expiresAt(expiresAt)
                .jws().keyId(keys.keyId())
                .sign(keys.signingKey());
        return new AccessToken(token, jti, issuedAt, expiresAt);
    }

    public long accessLifetimeSeconds() {
        return config.accessTokenLifetime().toSeconds();
    }
}
