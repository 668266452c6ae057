package io.helpdesk.ticket;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import io.helpdesk.platform.security.CachingJwtParser;
import io.helpdesk.platform.security.RememberedTokens;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.ForgedTokens;
import io.helpdesk.platform.testing.RedisTestResource;
import io.helpdesk.platform.testing.TestTokens;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Every token check goes through one parser that remembers what it verified: the same token is parsed
 * and its signature checked once, a token that fails is never remembered, a remembered one is not
 * served past its expiry, and revocation is asked on every request whatever the parser remembers.
 */
@QuarkusTest
class VerifiedTokenCacheTest {

    @Inject
    JWTParser parser;

    @Inject
    RememberedTokens remembered;

    @ConfigProperty(name = "mp.jwt.verify.issuer")
    String issuer;

    @ConfigProperty(name = "mp.jwt.verify.audiences")
    String audience;

    @Test
    void theSameTokenIsVerifiedOnce() throws ParseException {
        assertInstanceOf(CachingJwtParser.class, parser);
        String token = TestTokens.forUser("cache-" + UUID.randomUUID()).role(Roles.CUSTOMER).sign();

        JsonWebToken first = parser.parse(token);

        assertSame(first, parser.parse(token));
    }

    @Test
    void aTokenThatFailsIsCheckedAgainEveryTime() throws ParseException {
        Counting counting = new Counting(issuer, audience);
        CachingJwtParser caching = new CachingJwtParser(counting, 100);
        String token = TestTokens.forUser("cache-" + UUID.randomUUID()).role(Roles.CUSTOMER).sign();
        String forged = ForgedTokens.withPayload(token, ForgedTokens.payload(token).replace(Roles.CUSTOMER, Roles.ADMIN));

        caching.parse(token);
        caching.parse(token);
        assertEquals(1, counting.calls, "a verified token is verified once");
        for (int i = 1; i <= 3; i++) {
            assertThrows(ParseException.class, () -> caching.parse(forged));
            assertEquals(1 + i, counting.calls, "a refused token is verified every time");
            given().auth().oauth2(forged).when().get("/v1/ticket").then().statusCode(401);
        }
    }

    @Test
    void withNoCapacityEveryTokenIsVerifiedAfresh() throws ParseException {
        Counting counting = new Counting(issuer, audience);
        CachingJwtParser uncached = new CachingJwtParser(counting, 0);
        String token = TestTokens.forUser("cache-" + UUID.randomUUID()).role(Roles.CUSTOMER).sign();

        assertNotSame(uncached.parse(token), uncached.parse(token));
        assertEquals(2, counting.calls);
    }

    @Test
    void aRememberedTokenMakesItsIdentityWithoutAWorkerThreadAndKeepsItsRole() throws ParseException {
        String token = TestTokens.forUser("cache-" + UUID.randomUUID()).role(Roles.CUSTOMER).sign();
        TokenAuthenticationRequest request = new TokenAuthenticationRequest(new JsonWebTokenCredential(token));
        AuthenticationRequestContext noWorker = work -> {
            throw new AssertionError("a remembered token needs no worker thread");
        };
        assertNull(remembered.authenticate(request, noWorker).await().indefinitely(),
                "a token never verified is left to smallrye-jwt");

        JsonWebToken verified = parser.parse(token);
        SecurityIdentity identity = remembered.authenticate(request, noWorker).await().indefinitely();

        assertSame(verified, identity.getPrincipal());
        assertEquals(Set.of(Roles.CUSTOMER), identity.getRoles());
        assertSame(request.getToken(), identity.getCredential(TokenCredential.class));
        // Another kind of token credential (an OpenID Connect sign-in's) is left to its own provider.
        assertNull(remembered.authenticate(new TokenAuthenticationRequest(new TokenCredential(token, "bearer")), noWorker)
                .await().indefinitely());
        // Through HTTP the remembered customer is still a customer: an admin route stays closed.
        given().auth().oauth2(token).when().get("/v1/ticket").then().statusCode(200);
        given().auth().oauth2(token).when().post("/v1/ticket/" + UUID.randomUUID() + "/restore").then().statusCode(403);
    }

    /** smallrye-jwt's parser against the test keys, counting the tokens it is asked to verify. */
    static final class Counting extends DefaultJWTParser {
        int calls;

        Counting(String issuer, String audience) {
            super(context(issuer, audience));
        }

        private static JWTAuthContextInfo context(String issuer, String audience) {
            JWTAuthContextInfo context = new JWTAuthContextInfo(TestTokens.publicKey(), issuer);
            context.setExpectedAudience(Set.of(audience));
            return context;
        }

        @Override
        public JsonWebToken parse(String token) throws ParseException {
            calls++;
            return super.parse(token);
        }
    }

    @Test
    void aRememberedTokenIsNotServedPastItsExpiry() throws Exception {
        Instant issued = Instant.now().minusSeconds(1);
        String token = TestTokens.forUser("cache-" + UUID.randomUUID()).role(Roles.CUSTOMER).issuedAt(issued)
                .lifetime(Duration.ofSeconds(3)).sign();
        JsonWebToken first = parser.parse(token);

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), issued.plusSeconds(3)).toMillis()) + 1100);

        // Past its expiry the token is verified afresh: refused, or (within the configured clock skew) a new verdict.
        JsonWebToken again;
        try {
            again = parser.parse(token);
        } catch (ParseException refused) {
            again = null;
        }
        assertNotSame(first, again);
    }

    @Test
    void aRevokedTokenIsRefusedThoughItsSignatureIsRemembered() {
        String jti = UUID.randomUUID().toString();
        String token = TestTokens.forUser("cache-" + UUID.randomUUID()).role(Roles.CUSTOMER).jti(jti).sign();
        given().auth().oauth2(token).when().get("/v1/ticket").then().statusCode(200);
        given().auth().oauth2(token).when().get("/v1/ticket").then().statusCode(200);

        RedisTestResource.revokeToken(jti);

        given().auth().oauth2(token).when().get("/v1/ticket").then().statusCode(401);
    }
}
