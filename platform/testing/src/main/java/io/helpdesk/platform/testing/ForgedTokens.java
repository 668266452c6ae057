package io.helpdesk.platform.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens an attacker makes out of a real one: claims changed under the old signature, no signature
 * at all, an HMAC keyed with the public key, another key id. Every one must be refused; the tests
 * send each beside the genuine token it was made from.
 */
public final class ForgedTokens {

    private ForgedTokens() {
    }

    /** The claims of a token, as JSON. */
    public static String payload(String jwt) {
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    /** Other claims under the token's own header and signature. */
    public static String withPayload(String jwt, String payload) {
        String[] parts = jwt.split("\\.");
        return parts[0] + "." + encode(payload) + "." + parts[2];
    }

    /** The token's header naming another key id, its claims and signature kept. */
    public static String withKeyId(String jwt, String keyId) {
        String[] parts = jwt.split("\\.");
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8)
                .replace(TestTokens.KEY_ID, keyId);
        return encode(header) + "." + parts[1] + "." + parts[2];
    }

    /** The token's claims with {@code alg: none} and no signature. */
    public static String unsigned(String jwt) {
        return encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + jwt.split("\\.")[1] + ".";
    }

    /**
     * The token's claims signed HS256 with {@code secret} under the test key's id: algorithm confusion,
     * where a verifier that trusts the header checks the HMAC with the RSA public key it holds.
     */
    public static String hs256(String jwt, byte[] secret) {
        String signingInput = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + TestTokens.KEY_ID + "\"}")
                + "." + jwt.split("\\.")[1];
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The test public key as PEM text, the form a JWKS-reading attacker would try as an HMAC secret. */
    public static byte[] publicKeyPem() {
        return ("-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(TestTokens.publicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
