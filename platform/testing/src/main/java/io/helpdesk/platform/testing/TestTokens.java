package io.helpdesk.platform.testing;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;

import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.security.TokenClaims;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * Mints RS256 access tokens like the auth-service's, signed with a key pair generated in memory for
 * this test JVM only (TEST KEY: never used outside tests). {@link JwtTestResource} serves the
 * matching JWKS.
 *
 * <pre>
 * String token = TestTokens.forUser("user-1").role(Roles.AGENT).sign();
 * </pre>
 */
public final class TestTokens {

    public static final String KEY_ID = "test-key-1";
    private static final KeyPair KEYS = generate();

    private String subject;
    private String email;
    private Set<String> roles = Set.of(Roles.CUSTOMER);
    private Instant issuedAt = Instant.now();
    private Duration lifetime = Duration.ofMinutes(15);
    private String jti = UUID.randomUUID().toString();
    private String issuer = TokenClaims.DEFAULT_ISSUER;
    private String audience = TokenClaims.DEFAULT_AUDIENCE;
    private String sessionId;

    private TestTokens(String subject) {
        this.subject = subject;
        this.email = subject + "@test.local";
    }

    public static TestTokens forUser(String subject) {
        return new TestTokens(subject);
    }

    public TestTokens role(String... roles) {
        this.roles = Set.of(roles);
        return this;
    }

    public TestTokens email(String email) {
        this.email = email;
        return this;
    }

    public TestTokens issuedAt(Instant issuedAt) {
        this.issuedAt = issuedAt;
        return this;
    }

    /** Lifetime from {@link #issuedAt}; a negative one gives an expired token. */
    public TestTokens lifetime(Duration lifetime) {
        this.lifetime = lifetime;
        return this;
    }

    public TestTokens jti(String jti) {
        this.jti = jti;
        return this;
    }

    public TestTokens issuer(String issuer) {
        this.issuer = issuer;
        return this;
    }

    public TestTokens audience(String audience) {
        this.audience = audience;
        return this;
    }

    /** The session ({@code sid}) the token belongs to, as the auth-service's user tokens carry. */
    public TestTokens session(String sessionId) {
        this.sessionId = sessionId;
        return this;
    }

    public String sign() {
        JwtClaimsBuilder claims = Jwt.issuer(issuer)
                .audience(audience)
                .subject(subject)
                .upn(email)
                .claim("email", email)
                .groups(roles)
                .claim("jti", jti)
                .issuedAt(issuedAt)
                .expiresAt(issuedAt.plus(lifetime));
        if (sessionId != null) {
            claims.claim("sid", sessionId);
        }
        return claims.jws().keyId(KEY_ID).sign(KEYS.getPrivate());
    }

    /** The JWKS document that verifies every token minted here. */
    public static String jwks() {
        RsaJsonWebKey jwk = new RsaJsonWebKey((RSAPublicKey) KEYS.getPublic());
        jwk.setKeyId(KEY_ID);
        jwk.setAlgorithm("RS256");
        jwk.setUse("sig");
        return new JsonWebKeySet(jwk).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    /** The private key as PKCS#8 PEM, for a service that must sign like the auth-service does in tests. */
    public static String privateKeyPem() {
        String base64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(KEYS.getPrivate().getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n";
    }

    public static RSAPublicKey publicKey() {
        return (RSAPublicKey) KEYS.getPublic();
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is missing from this JDK", e);
        }
    }
}
