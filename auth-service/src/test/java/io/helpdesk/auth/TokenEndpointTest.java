package io.helpdesk.auth;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;

/** The RFC 6749 token endpoint: its grants, its errors, and who may use which grant. */
@QuarkusTest
class TokenEndpointTest {

    @Test
    void thePasswordGrantGivesAPairThatWorksLikeALogins() {
        AuthApi.Account account = AuthApi.newCustomer();
        Response response = OAuthApi.password(account.email(), account.password());
        response.then().statusCode(200)
                .contentType(startsWith("application/json"))
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(900))
                .body("refresh_token", notNullValue());
        assertEquals(200, AuthApi.profileStatus(response.path("access_token")));
        AuthApi.audit("LOGIN_SUCCEEDED", account.id()).then().statusCode(200).body("items.size()", equalTo(1));
    }

    @Test
    void theRefreshGrantRotatesAndAReusedTokenEndsTheWholeSession() {
        AuthApi.Account account = AuthApi.newCustomer();
        String first = OAuthApi.password(account.email(), account.password()).path("refresh_token");
        Response rotated = OAuthApi.refresh(first);
        rotated.then().statusCode(200).header("Cache-Control", "no-store").body("token_type", equalTo("Bearer"));
        String second = rotated.path("refresh_token");
        String access = rotated.path("access_token");
        assertNotEquals(first, second);
        assertEquals(200, AuthApi.profileStatus(access));

        oauthError(OAuthApi.refresh(first), 400, "invalid_grant");
        oauthError(OAuthApi.refresh(second), 400, "invalid_grant");
        assertEquals(401, AuthApi.profileStatus(access));
    }

    @Test
    void theJsonRoutesAndTheTokenEndpointShareSessions() {
        AuthApi.Tokens json = AuthApi.tokens(AuthApi.newCustomer());
        String oauth = OAuthApi.refresh(json.refresh()).then().statusCode(200).extract().path("refresh_token");
        AuthApi.refresh(oauth).then().statusCode(200);
        AuthApi.refresh(json.refresh()).then().statusCode(401);
    }

    @Test
    void wrongCredentialsAndUnverifiedAddressesAreInvalidGrants() {
        AuthApi.Account account = AuthApi.newCustomer();
        String wrong = oauthError(OAuthApi.password(account.email(), "not-the-password-1"), 400, "invalid_grant")
                .extract().path("error_description");
        String unknown = oauthError(OAuthApi.password(AuthApi.uniqueEmail("nobody"), "not-the-password-1"), 400,
                "invalid_grant").extract().path("error_description");
        assertEquals(wrong, unknown);
        AuthApi.Account unverified = AuthApi.registerUnverified(AuthApi.uniqueEmail("unverified"), AuthApi.strongPassword());
        oauthError(OAuthApi.password(unverified.email(), unverified.password()), 400, "invalid_grant");
        AuthApi.audit("LOGIN_FAILED", account.id()).then().statusCode(200).body("items.size()", equalTo(1));
    }

    @Test
    void failuresLockTheAccountForTheJsonLoginToo() {
        AuthApi.Account account = AuthApi.newCustomer();
        for (int i = 0; i < 5; i++) {
            oauthError(OAuthApi.password(account.email(), "wrong-password-" + i), 400, "invalid_grant");
        }
        oauthError(OAuthApi.password(account.email(), account.password()), 429, "invalid_grant")
                .header("Retry-After", notNullValue());
        AuthApi.login(account.email(), account.password()).then().statusCode(429);
    }

    @Test
    void malformedRequestsAreInvalidRequestsOrUnsupportedGrants() {
        oauthError(OAuthApi.form().when().post("/v1/tokens"), 400, "invalid_request");
        oauthError(OAuthApi.form().formParam("grant_type", "").when().post("/v1/tokens"), 400, "invalid_request");
        oauthError(OAuthApi.form().formParam("grant_type", "password").formParam("grant_type", "password")
                .formParam("username", "a@b.c").formParam("password", "x").when().post("/v1/tokens"), 400, "invalid_request");
        oauthError(OAuthApi.form().formParam("grant_type", "password").formParam("username", "a@b.c")
                .when().post("/v1/tokens"), 400, "invalid_request");
        oauthError(OAuthApi.form().formParam("grant_type", "password").formParam("username", "a".repeat(300) + "@b.c")
                .formParam("password", "x").when().post("/v1/tokens"), 400, "invalid_request");
        // Blank credentials are refused as input, as by the JSON login, before the per-address limit counts them.
        oauthError(OAuthApi.form().formParam("grant_type", "password").formParam("username", "   ")
                .formParam("password", "x").when().post("/v1/tokens"), 400, "invalid_request");
        oauthError(OAuthApi.form().formParam("grant_type", "password").formParam("username", "a@b.c")
                .formParam("password", " \t ").when().post("/v1/tokens"), 400, "invalid_request");
        oauthError(OAuthApi.form().formParam("grant_type", "refresh_token").when().post("/v1/tokens"), 400, "invalid_request");
        oauthError(OAuthApi.form().formParam("grant_type", "password").formParam("username", "a@b.c")
                .formParam("password", "p".repeat(5000)).when().post("/v1/tokens"), 400, "invalid_request");
        for (String grant : List.of("authorization_code", "implicit", "urn:ietf:params:oauth:grant-type:jwt-bearer", "\u0000")) {
            oauthError(OAuthApi.form().formParam("grant_type", grant).when().post("/v1/tokens"), 400, "unsupported_grant_type");
        }
        for (String garbage : List.of("nope", "x.y", ".", "abc.", "00000000-0000-0000-0000-000000000000.secret")) {
            oauthError(OAuthApi.refresh(garbage), 400, "invalid_grant");
        }
        OAuthApi.form().body("%%%=&&=x&grant_type").when().post("/v1/tokens").then().statusCode(400);
        io.restassured.RestAssured.given().contentType("application/json").body("{\"grant_type\":\"password\"}")
                .when().post("/v1/tokens").then().statusCode(415);
    }

    @Test
    void registeredClientsMustAuthenticateAndUseOnlyClientCredentials() {
        AuthApi.Account account = AuthApi.newCustomer();
        oauthError(OAuthApi.asClient().formParam("grant_type", "password").formParam("username", account.email())
                .formParam("password", account.password()).when().post("/v1/tokens"), 400, "unauthorized_client");
        oauthError(OAuthApi.form().formParam("grant_type", "password").formParam("client_id", OAuthApi.CLIENT)
                .formParam("username", account.email()).formParam("password", account.password())
                .when().post("/v1/tokens"), 401, "invalid_client")
                .header("WWW-Authenticate", startsWith("Basic"));
        oauthError(OAuthApi.form().header("Authorization", OAuthApi.basic(OAuthApi.CLIENT, "wrong"))
                .formParam("grant_type", "client_credentials").when().post("/v1/tokens"), 401, "invalid_client");
        oauthError(OAuthApi.form().header("Authorization", "Basic %%%not-base64")
                .formParam("grant_type", "client_credentials").when().post("/v1/tokens"), 401, "invalid_client");
        oauthError(OAuthApi.form().formParam("grant_type", "client_credentials").when().post("/v1/tokens"), 401,
                "invalid_client");
        oauthError(OAuthApi.form().formParam("grant_type", "client_credentials").formParam("client_id", "some-app")
                .when().post("/v1/tokens"), 401, "invalid_client");
        oauthError(OAuthApi.asClient().formParam("grant_type", "client_credentials")
                .formParam("client_secret", OAuthApi.SECRET).when().post("/v1/tokens"), 400, "invalid_request");
        oauthError(OAuthApi.form().formParam("grant_type", "client_credentials").formParam("client_secret", OAuthApi.SECRET)
                .when().post("/v1/tokens"), 400, "invalid_request");
    }

    @Test
    void aPublicClientMayNameItself() {
        AuthApi.Account account = AuthApi.newCustomer();
        OAuthApi.form().formParam("grant_type", "password").formParam("client_id", "helpdesk-web")
                .formParam("username", account.email()).formParam("password", account.password()).formParam("scope", "openid")
                .when().post("/v1/tokens").then().statusCode(200);
    }

    @Test
    void clientCredentialsInFormUrlEncodedBasicAreAccepted() {
        OAuthApi.form().header("Authorization", OAuthApi.basic("test%2Dclient", "test%2Dclient%2Dsecret"))
                .formParam("grant_type", "client_credentials").when().post("/v1/tokens").then().statusCode(200)
                .body("refresh_token", equalTo(null))
                .body("expires_in", equalTo(600));
    }

    static ValidatableResponse oauthError(Response response, int status, String error) {
        return response.then().statusCode(status)
                .contentType(startsWith("application/json"))
                .header("Cache-Control", "no-store")
                .body("error", equalTo(error))
                .body("error_description", notNullValue())
                .body("status", equalTo(status));
    }
}
