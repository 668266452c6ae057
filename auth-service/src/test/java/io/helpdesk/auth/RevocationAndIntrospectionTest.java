package io.helpdesk.auth;

import static io.helpdesk.auth.TokenEndpointTest.oauthError;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.helpdesk.platform.security.RevocationStore;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.security.TokenClaims;
import io.helpdesk.platform.testing.ForgedTokens;
import io.helpdesk.platform.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** RFC 7009 revocation and RFC 7662 introspection: what they answer, and who may ask. */
@QuarkusTest
class RevocationAndIntrospectionTest {

    @Inject
    RevocationStore revocations;

    @Test
    void aLiveAccessTokenIsActiveWithWhoseItIs() {
        AuthApi.Account account = AuthApi.newCustomer();
        AuthApi.Tokens tokens = AuthApi.tokens(account);
        OAuthApi.introspect(tokens.access()).then().statusCode(200)
                .contentType(startsWith("application/json"))
                .header("Cache-Control", "no-store")
                .body("active", equalTo(true))
                .body("token_type", equalTo("Bearer"))
                .body("sub", equalTo(account.id()))
                .body("username", equalTo(account.email()))
                .body("role", equalTo(Roles.CUSTOMER))
                .body("iss", equalTo(TokenClaims.DEFAULT_ISSUER))
                .body("aud", equalTo(TokenClaims.DEFAULT_AUDIENCE))
                .body("sid", equalTo(AuthApi.sessionId(tokens)))
                .body("$", hasKey("jti"))
                .body("$", hasKey("exp"))
                .body("$", hasKey("iat"))
                .body("$", not(hasKey("client_id")));
    }

    @Test
    void aServiceTokenNamesItsClientAndAnyRegisteredClientMayAskInTheForm() {
        String service = OAuthApi.asClient().formParam("grant_type", "client_credentials").when().post("/v1/tokens")
                .then().statusCode(200).extract().path("access_token");
        OAuthApi.form().formParam("client_id", OAuthApi.CLIENT).formParam("client_secret", OAuthApi.SECRET)
                .formParam("token", service).formParam("token_type_hint", "access_token")
                .when().post("/v1/tokens/introspect").then().statusCode(200)
                .body("active", equalTo(true))
                .body("client_id", equalTo(OAuthApi.CLIENT))
                .body("sub", equalTo("service:" + OAuthApi.CLIENT))
                .body("role", equalTo(Roles.SERVICE))
                .body("$", not(hasKey("username")));
    }

    @Test
    void aCurrentRefreshTokenIsActiveAndARetiredOneIsNot() {
        AuthApi.Account account = AuthApi.newCustomer();
        AuthApi.Tokens tokens = AuthApi.tokens(account);
        OAuthApi.introspect(tokens.refresh()).then().statusCode(200)
                .body("active", equalTo(true))
                .body("token_type", equalTo("refresh_token"))
                .body("sub", equalTo(account.id()))
                .body("username", equalTo(account.email()));
        AuthApi.refresh(tokens.refresh()).then().statusCode(200);
        inactive(tokens.refresh());
    }

    @Test
    void expiredForgedForeignAndRevokedTokensAreInactive() {
        String subject = UUID.randomUUID().toString();
        inactive(TestTokens.forUser(subject).issuedAt(Instant.now().minus(Duration.ofHours(1))).sign());
        inactive(TestTokens.forUser(subject).issuer("https://evil.example").sign());
        inactive(TestTokens.forUser(subject).audience("someone-else").sign());
        inactive(ForgedTokens.unsigned(TestTokens.forUser(subject).sign()));
        inactive(ForgedTokens.hs256(TestTokens.forUser(subject).sign(), ForgedTokens.publicKeyPem()));
        for (String garbage : new String[] { "x", "a.b.c", "..", "a.b", "\u00e9\u0000" }) {
            inactive(garbage);
        }

        String jti = UUID.randomUUID().toString();
        String byJti = TestTokens.forUser(subject).jti(jti).sign();
        OAuthApi.introspect(byJti).then().body("active", equalTo(true));
        revocations.revokeToken(jti, Instant.now().plus(Duration.ofMinutes(15)));
        inactive(byJti);

        String session = UUID.randomUUID().toString();
        String bySession = TestTokens.forUser(subject).session(session).sign();
        OAuthApi.introspect(bySession).then().body("active", equalTo(true));
        revocations.revokeSession(session, Duration.ofMinutes(20));
        inactive(bySession);

        String other = UUID.randomUUID().toString();
        String beforeTheLine = TestTokens.forUser(other).issuedAt(Instant.now().minusSeconds(5)).sign();
        OAuthApi.introspect(beforeTheLine).then().body("active", equalTo(true));
        revocations.revokeAllBefore(other, Duration.ofMinutes(20));
        inactive(beforeTheLine);
    }

    @Test
    void onlyRegisteredClientsMayIntrospect() {
        String token = AuthApi.tokens(AuthApi.newCustomer()).access();
        oauthError(OAuthApi.form().formParam("token", token).when().post("/v1/tokens/introspect"), 401, "invalid_client")
                .header("WWW-Authenticate", startsWith("Basic"));
        oauthError(OAuthApi.form().formParam("token", token).formParam("client_id", "some-app")
                .when().post("/v1/tokens/introspect"), 401, "invalid_client");
        oauthError(OAuthApi.form().header("Authorization", OAuthApi.basic(OAuthApi.CLIENT, "wrong"))
                .formParam("token", token).when().post("/v1/tokens/introspect"), 401, "invalid_client");
        // A user's own bearer token is no client authentication.
        oauthError(OAuthApi.form().header("Authorization", "Bearer " + token).formParam("token", token)
                .when().post("/v1/tokens/introspect"), 401, "invalid_client");
        oauthError(OAuthApi.asClient().when().post("/v1/tokens/introspect"), 400, "invalid_request");
        oauthError(OAuthApi.asClient().formParam("token", token).formParam("token", token)
                .when().post("/v1/tokens/introspect"), 400, "invalid_request");
        given().contentType("application/json").body(Map.of("token", token)).when().post("/v1/tokens/introspect")
                .then().statusCode(415);
    }

    @Test
    void revokingARefreshTokenEndsItsSession() {
        AuthApi.Tokens tokens = AuthApi.tokens(AuthApi.newCustomer());
        OAuthApi.form().formParam("token", tokens.refresh()).formParam("token_type_hint", "refresh_token")
                .when().post("/v1/tokens/revoke").then().statusCode(200);
        oauthError(OAuthApi.refresh(tokens.refresh()), 400, "invalid_grant");
        assertEquals(401, AuthApi.profileStatus(tokens.access()));
        inactive(tokens.access());
        inactive(tokens.refresh());
    }

    @Test
    void revokingAnAccessTokenEndsItsSessionLikeALogout() {
        AuthApi.Account account = AuthApi.newCustomer();
        AuthApi.Tokens tokens = AuthApi.tokens(account);
        AuthApi.Tokens other = AuthApi.tokens(account);
        OAuthApi.revoke(tokens.access()).then().statusCode(200);
        assertEquals(401, AuthApi.profileStatus(tokens.access()));
        inactive(tokens.access());
        AuthApi.refresh(tokens.refresh()).then().statusCode(401);
        // Another session of the same user goes on.
        assertEquals(200, AuthApi.profileStatus(other.access()));
        AuthApi.audit("LOGOUT", account.id()).then().statusCode(200).body("items.size()", equalTo(1));
    }

    @Test
    void unknownInvalidAndAlreadyRevokedTokensAre200() {
        AuthApi.Tokens tokens = AuthApi.tokens(AuthApi.newCustomer());
        OAuthApi.revoke(tokens.refresh()).then().statusCode(200);
        for (String token : new String[] { tokens.refresh(), tokens.access(), "garbage", "a.b.c", "x.y",
                TestTokens.forUser("nobody").issuer("https://evil.example").sign() }) {
            Response response = OAuthApi.revoke(token);
            response.then().statusCode(200);
        }
        OAuthApi.form().formParam("token", "whatever").formParam("token_type_hint", "unknown_hint")
                .when().post("/v1/tokens/revoke").then().statusCode(200);
        // A registered client with its credentials may revoke too.
        OAuthApi.asClient().formParam("token", "whatever").when().post("/v1/tokens/revoke").then().statusCode(200);
    }

    @Test
    void revocationRefusesBadRequestsAndBadClients() {
        oauthError(OAuthApi.form().when().post("/v1/tokens/revoke"), 400, "invalid_request");
        oauthError(OAuthApi.form().formParam("token", "a").formParam("token", "b").when().post("/v1/tokens/revoke"),
                400, "invalid_request");
        AuthApi.Tokens tokens = AuthApi.tokens(AuthApi.newCustomer());
        oauthError(OAuthApi.form().header("Authorization", OAuthApi.basic(OAuthApi.CLIENT, "wrong"))
                .formParam("token", tokens.refresh()).when().post("/v1/tokens/revoke"), 401, "invalid_client");
        oauthError(OAuthApi.form().formParam("client_id", OAuthApi.CLIENT).formParam("token", tokens.refresh())
                .when().post("/v1/tokens/revoke"), 401, "invalid_client");
        // Refused requests revoke nothing.
        AuthApi.refresh(tokens.refresh()).then().statusCode(200);
    }

    private static void inactive(String token) {
        OAuthApi.introspect(token).then().statusCode(200).body("active", equalTo(false))
                .body("size()", equalTo(1));
    }
}
