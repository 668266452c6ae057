package io.helpdesk.auth.token;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

import io.helpdesk.auth.config.AuthConfig;
import io.helpdesk.platform.security.RevocationStore;
import io.helpdesk.platform.security.Roles;

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
        JwtClaims claims = claims(userId, email, role, jti, issuedAt, expiresAt);
        if (email != null) {
            claims.setClaim("email", email);
        }
        claims.setClaim("sid", sessionId);
        String token = sign(claims);
        return new AccessToken(token, jti, issuedAt, expiresAt);
    }

    /** A service's access token from the client-credentials grant. */
    public AccessToken forService(String clientId) {
        Instant issuedAt = Instant.now();
        Instant expiresAt = issuedAt.plus(config.serviceTokenLifetime());
        String jti = UUID.randomUUID().toString();
        JwtClaims claims = claims("service:" + clientId, clientId, Roles.SERVICE, jti, issuedAt, expiresAt);
        claims.setClaim("client_id", clientId);
        String token = sign(claims);
        return new AccessToken(token, jti, issuedAt, expiresAt);
    }

    /** The claims every access token carries; the caller adds its own. */
    private JwtClaims claims(String subject, String upn, String role, String jti, Instant issuedAt, Instant expiresAt) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(config.issuer());
        claims.setAudience(config.audience());
        claims.setSubject(subject);
        if (upn != null) {
            claims.setClaim("upn", upn);
        }
        claims.setStringListClaim("groups", role);
        claims.setJwtId(jti);
        claims.setIssuedAt(NumericDate.fromSeconds(issuedAt.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(expiresAt.getEpochSecond()));
        return claims;
    }

    /**
     * RS256 with jose4j (the library smallrye-jwt's builder signs with) straight from the claims: the
     * builder looked its defaults up in the configuration on every token, a tenth of a refresh's CPU.
     */
    private String sign(JwtClaims claims) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(keys.signingKey());
        jws.setKeyIdHeaderValue(keys.keyId());
        jws.setHeader("typ", "JWT");
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("The access token could not be signed", e);
        }
    }

    public long accessLifetimeSeconds() {
        return config.accessTokenLifetime().toSeconds();
    }
}
