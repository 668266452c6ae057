package io.helpdesk.testing.contract;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import io.helpdesk.security.RevocationStore;
import io.helpdesk.security.Roles;
import io.helpdesk.testing.TestTokens;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;

/**
 * How every service treats bearer tokens: verified locally against the JWKS, then checked against
 * the revocation state that the auth-service writes to Redis through the same {@link RevocationStore}. Each hostile token is refused with a
 * 401 problem. A service's test extends this with {@code @QuarkusTest}.
 */
public abstract class AuthenticationContractTest {

    @Inject
    RevocationStore revocations;

    @Test
    public void validTokenIsAccepted() {
        call(TestTokens.forUser("u-valid").role(Roles.AGENT).sign()).statusCode(200)
                .body("subject", equalTo("u-valid"))
                .body("groups", containsInAnyOrder(Roles.AGENT));
    }

    @Test
    public void missingTokenIs401Problem() {
        given().when().get("/test-probe/me").then().statusCode(401)
                .contentType(startsWith("application/problem+json"))
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("status", equalTo(401));
    }

    @Test
    public void wrongRoleIs403Problem() {
        given().auth().oauth2(TestTokens.forUser("u-customer").role(Roles.CUSTOMER).sign())
                .when().get("/test-probe/admin").then().statusCode(403)
                .contentType(startsWith("application/problem+json"));
        given().auth().oauth2(TestTokens.forUser("u-admin").role(Roles.ADMIN).sign())
                .when().get("/test-probe/admin").then().statusCode(200);
    }

    @Test
    public void expiredTokenIsRefused() {
        refused(TestTokens.forUser("u").issuedAt(Instant.now().minus(Duration.ofHours(2))).sign());
    }

    @Test
    public void foreignIssuerOrAudienceIsRefused() {
        refused(TestTokens.forUser("u").issuer("https://attacker.example").sign());
        refused(TestTokens.forUser("u").audience("some-other-api").sign());
    }

    @Test
    public void unsignedTokenIsRefused() {
        String[] parts = TestTokens.forUser("u").role(Roles.ADMIN).sign().split("\\.");
        String none = encode("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        refused(none + "." + parts[1] + ".");
    }

    @Test
    public void hs256SignedWithThePublicKeyIsRefused() throws Exception {
        String[] parts = TestTokens.forUser("u").role(Roles.ADMIN).sign().split("\\.");
        String header = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + TestTokens.KEY_ID + "\"}");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(TestTokens.publicKey().getEncoded(), "HmacSHA256"));
        String signature = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal((header + "." + parts[1]).getBytes(StandardCharsets.US_ASCII)));
        refused(header + "." + parts[1] + "." + signature);
    }

    @Test
    public void tamperedPayloadIsRefused() {
        String[] parts = TestTokens.forUser("u").role(Roles.CUSTOMER).sign().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace(Roles.CUSTOMER, Roles.ADMIN);
        refused(parts[0] + "." + encode(payload) + "." + parts[2]);
    }

    @Test
    public void unknownKeyIdIsRefused() {
        String[] parts = TestTokens.forUser("u").sign().split("\\.");
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8)
                .replace(TestTokens.KEY_ID, "no-such-key");
        refused(encode(header) + "." + parts[1] + "." + parts[2]);
    }

    @Test
    public void denylistedJtiIsRefused() {
        String jti = UUID.randomUUID().toString();
        String token = TestTokens.forUser("u-denied").jti(jti).sign();
        call(token).statusCode(200);
        revocations.revokeToken(jti, Instant.now().plusSeconds(60));
        refused(token);
    }

    @Test
    public void tokenIssuedBeforeTheUsersValidAfterTimeIsRefused() {
        String subject = "u-reset-" + UUID.randomUUID();
        String old = TestTokens.forUser(subject).issuedAt(Instant.now().minusSeconds(30)).sign();
        call(old).statusCode(200);
        long validFrom = revocations.revokeAllBefore(subject, Duration.ofMinutes(1));
        refused(old);
        call(TestTokens.forUser(subject).issuedAt(Instant.ofEpochSecond(validFrom)).sign()).statusCode(200);
    }

    private static ValidatableResponse call(String token) {
        return given().auth().oauth2(token).when().get("/test-probe/me").then();
    }

    private static void refused(String token) {
        call(token).statusCode(401).contentType(startsWith("application/problem+json"));
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
