package io.helpdesk.platform.testing.contract;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.helpdesk.platform.security.RevocationStore;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.ForgedTokens;
import io.helpdesk.platform.testing.TestTokens;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;

/**
 * How every service treats bearer tokens: verified locally against the JWKS, then checked against
 * the revocation state that the auth-service writes to Redis through the same {@link RevocationStore}
 * (the token, its session, its user's valid-after line). Each hostile token is refused with a 401
 * problem. A service's test extends this with {@code @QuarkusTest}.
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
    public void theCallerIsMadeOnceFromTheTokenWithTheDecidingRole() {
        String session = UUID.randomUUID().toString();
        call(TestTokens.forUser("u-caller").role(Roles.CUSTOMER, Roles.AGENT).email("agent@test.local").session(session)
                .sign()).statusCode(200)
                .body("caller.id", equalTo("u-caller"))
                .body("caller.role", equalTo(Roles.AGENT))
                .body("caller.email", equalTo("agent@test.local"))
                .body("caller.sessionId", equalTo(session));
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
        refused(ForgedTokens.unsigned(TestTokens.forUser("u").role(Roles.ADMIN).sign()));
    }

    @Test
    public void hs256SignedWithThePublicKeyIsRefused() throws Exception {
        refused(ForgedTokens.hs256(TestTokens.forUser("u").role(Roles.ADMIN).sign(), TestTokens.publicKey().getEncoded()));
    }

    @Test
    public void tamperedPayloadIsRefused() {
        String token = TestTokens.forUser("u").role(Roles.CUSTOMER).sign();
        refused(ForgedTokens.withPayload(token, ForgedTokens.payload(token).replace(Roles.CUSTOMER, Roles.ADMIN)));
    }

    @Test
    public void unknownKeyIdIsRefused() {
        refused(ForgedTokens.withKeyId(TestTokens.forUser("u").sign(), "no-such-key"));
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
    public void everyTokenOfAnEndedSessionIsRefusedAndOtherSessionsAreNot() {
        String subject = "u-session-" + UUID.randomUUID();
        String ended = UUID.randomUUID().toString();
        String first = TestTokens.forUser(subject).session(ended).sign();
        String refreshed = TestTokens.forUser(subject).session(ended).sign();
        String otherSession = TestTokens.forUser(subject).session(UUID.randomUUID().toString()).sign();
        call(first).statusCode(200);
        revocations.revokeSession(ended, Duration.ofMinutes(1));
        refused(first);
        refused(refreshed);
        call(otherSession).statusCode(200);
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
}
