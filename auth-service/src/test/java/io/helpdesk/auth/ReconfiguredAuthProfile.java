package io.helpdesk.auth;

import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The auth-service after a key rotation, with tight per-address limits on logins, reset confirmations
 * and verification resends.
 */
public class ReconfiguredAuthProfile implements QuarkusTestProfile {

    static final String PREVIOUS_KID = "helpdesk-previous";
    static final int PER_IP_LIMIT = 3;
    static final int RESET_CONFIRM_PER_IP_LIMIT = 2;
    static final int VERIFICATION_RESEND_PER_IP_LIMIT = 2;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "auth.jwt.previous-keys", previousJwks(),
                "auth.login.per-ip-per-minute", String.valueOf(PER_IP_LIMIT),
                "auth.otp.confirm-per-ip-per-minute", String.valueOf(RESET_CONFIRM_PER_IP_LIMIT),
                "auth.verification.resend-per-ip-per-minute", String.valueOf(VERIFICATION_RESEND_PER_IP_LIMIT));
    }

    private static String previousJwks() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            RsaJsonWebKey previous = new RsaJsonWebKey((RSAPublicKey) generator.generateKeyPair().getPublic());
            previous.setKeyId(PREVIOUS_KID);
            previous.setAlgorithm("RS256");
            return new JsonWebKeySet(previous).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
