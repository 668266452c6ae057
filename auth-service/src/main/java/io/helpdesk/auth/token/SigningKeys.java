package io.helpdesk.auth.token;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.JoseException;

import io.helpdesk.auth.config.AuthConfig;
import io.helpdesk.platform.logging.ThrottledLog;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;
import io.smallrye.jwt.util.KeyUtils;

/**
 * The key that signs tokens now, and every key whose tokens may still be alive. Rotation: publish
 * the old JWKS as {@code AUTH_PREVIOUS_KEYS}, configure the new {@code AUTH_SIGNING_KEY} with a new
 * key id, and drop the old JWKS once the refresh of its last token is due (the access lifetime).
 * <p>
 * Made at start ({@code @Startup}): a key that is missing or not a key stops the service there, naming
 * {@code AUTH_SIGNING_KEY}, instead of a service that starts, reports ready and answers every login, refresh
 * and key-set request with a 500.
 */
@Startup
@ApplicationScoped
public class SigningKeys {
    private static final ThrottledLog THROTTLED = ThrottledLog.of(SigningKeys.class);

    private final PrivateKey signingKey;
    private final String keyId;
    private final String jwks;

    public SigningKeys(AuthConfig config, LaunchMode launchMode) {
        this.keyId = config.jwt().signingKeyId();
        RSAPrivateCrtKey key;
        if (config.jwt().signingKey().isPresent()) {
            key = (RSAPrivateCrtKey) parse(config.jwt().signingKey().get());
        } else if (launchMode.isDevOrTest()) {
            THROTTLED.warnf("no-signing-key",
                    "No AUTH_SIGNING_KEY: signing with a key generated for this run only (dev/test)");
            key = (RSAPrivateCrtKey) generate().getPrivate();
        } else {
            throw new IllegalStateException("AUTH_SIGNING_KEY (auth.jwt.signing-key, an RSA PKCS#8 PEM) is required");
        }
        this.signingKey = key;
        this.jwks = publish(key, keyId, config.jwt().previousKeys().orElse(null));
    }

    public PrivateKey signingKey() {
        return signingKey;
    }

    public String keyId() {
        return keyId;
    }

    /** The public JWKS: the current key first, then the previous ones. */
    public String jwks() {
        return jwks;
    }

    private static String publish(RSAPrivateCrtKey key, String keyId, String previous) {
        try {
            RSAPublicKey publicKey = (RSAPublicKey) java.security.KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
            RsaJsonWebKey current = new RsaJsonWebKey(publicKey);
            current.setKeyId(keyId);
            current.setAlgorithm("RS256");
            current.setUse("sig");
            List<JsonWebKey> keys = new ArrayList<>(List.of(current));
            if (previous != null && !previous.isBlank()) {
                for (JsonWebKey old : new JsonWebKeySet(previous).getJsonWebKeys()) {
                    if (!keyId.equals(old.getKeyId())) {
                        keys.add(old);
                    }
                }
            }
            return new JsonWebKeySet(keys).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        } catch (JoseException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("The signing keys cannot be published: " + e.getMessage(), e);
        }
    }

    private static PrivateKey parse(String pem) {
        try {
            return KeyUtils.decodePrivateKey(pem.replace("\\n", "\n"));
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("AUTH_SIGNING_KEY is not an RSA private key in PKCS#8 PEM", e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
