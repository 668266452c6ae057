package io.helpdesk.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.helpdesk.platform.security.TokenClaims;
import io.helpdesk.platform.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

@QuarkusTest
class TokenTest {

    @Test
    void jwksAndDiscoveryArePublished() {
        given().when().get("/.well-known/jwks.json").then().statusCode(200)
                .body("keys.kid", hasItem(TestTokens.KEY_ID))
                .body("keys[0].kty", equalTo("RSA"))
                .body("keys[0].alg", equalTo("RS256"))
                .body("keys[0].d", equalTo(null));
        given().when().get("/.well-known/openid-configuration").then().statusCode(200)
                .body("issuer", equalTo(TokenClaims.DEFAULT_ISSUER))
                .body("jwks_uri", equalTo("http://localhost:8081/.well-known/jwks.json"))
                .body("id_token_signing_alg_values_supported", hasItem("RS256"));
    }

    @Test
    void accessTokensCarryTheDocumentedClaims() {
        AuthApi.Account account = AuthApi.newCustomer();
        String access = AuthApi.tokens(account).access();
        JsonPath header = decode(access, 0);
        JsonPath claims = decode(access, 1);
        assertEquals("RS256", header.getString("alg"));
        assertEquals(TestTokens.KEY_ID, header.getString("kid"));
        assertEquals(TokenClaims.DEFAULT_ISSUER, claims.getString("iss"));
        assertEquals("helpdesk", claims.getString("aud"));
        assertEquals(account.id(), claims.getString("sub"));
        assertEquals(account.email(), claims.getString("upn"));
        assertEquals(account.email(), claims.getString("email"));
        assertEquals(List.of("CUSTOMER"), claims.getList("groups"));
        assertEquals(900, claims.getLong("exp") - claims.getLong("iat"));
        assertNotEquals(null, claims.getString("jti"));
        assertNotEquals(null, claims.getString("sid"));
    }

    @Test
    void refreshRotatesAndAReusedTokenRevokesTheWholeFamily() {
        AuthApi.Tokens first = AuthApi.tokens(AuthApi.newCustomer());
        Response rotated = AuthApi.refresh(first.refresh());
        rotated.then().statusCode(200);
        String secondRefresh = rotated.path("refreshToken");
        String secondAccess = rotated.path("accessToken");
        assertNotEquals(first.refresh(), secondRefresh);
        assertEquals(200, AuthApi.profileStatus(secondAccess));

        // The retired token comes back: someone copied it. The whole session ends.
        AuthApi.refresh(first.refresh()).then().statusCode(401);
        AuthApi.refresh(secondRefresh).then().statusCode(401);
        assertEquals(401, AuthApi.profileStatus(secondAccess));
    }

    @Test
    void concurrentRefreshesOfOneTokenGiveExactlyOneSuccess() throws Exception {
        AuthApi.Tokens tokens = AuthApi.tokens(AuthApi.newCustomer());
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(() -> AuthApi.refresh(tokens.refresh()).then().extract().statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : pool.invokeAll(calls)) {
                statuses.add(status.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
            assertEquals(5, statuses.stream().filter(s -> s == 401).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void logoutEndsTheSessionAndTheAccessTokenEverywhere() {
        AuthApi.Tokens tokens = AuthApi.tokens(AuthApi.newCustomer());
        given().auth().oauth2(tokens.access()).when().delete("/v1/user/logout").then().statusCode(204);
        assertEquals(401, AuthApi.profileStatus(tokens.access()));
        AuthApi.refresh(tokens.refresh()).then().statusCode(401);
        given().when().delete("/v1/user/logout").then().statusCode(401);
    }

    @Test
    void garbageRefreshTokensAre401Or400() {
        for (String garbage : List.of("nope", "x.y", ".", "abc.", "00000000-0000-0000-0000-000000000000.secret")) {
            AuthApi.refresh(garbage).then().statusCode(401);
        }
        given().contentType("application/json").body("{}").when().post("/v1/tokens/refresh").then().statusCode(400);
    }

    private static JsonPath decode(String jwt, int part) {
        return new JsonPath(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[part]), StandardCharsets.UTF_8));
    }
}
