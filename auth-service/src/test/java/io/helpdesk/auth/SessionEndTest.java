package io.helpdesk.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.helpdesk.platform.contracts.Channels;
import io.helpdesk.platform.testing.RedisTestResource;
import io.helpdesk.platform.testing.RespClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * A session ends whole: every access token ever issued in it is refused from the next request on,
 * whichever way it ends (logout, ending it from another session, change-password, a replayed refresh
 * token) and in whichever order tokens were refreshed. The other services read the same revocation
 * line ({@code revoked:sid:<sid>}); each runs {@code AuthenticationContractTest}, which checks it.
 */
@QuarkusTest
class SessionEndTest {

    @Test
    void refreshThenLogoutRefusesEveryAccessTokenOfTheSession() {
        AuthApi.Tokens first = AuthApi.tokens(AuthApi.newCustomer());
        AuthApi.Tokens second = rotate(first);
        AuthApi.Tokens third = rotate(second);
        logout(third.access());
        for (AuthApi.Tokens tokens : List.of(first, second, third)) {
            assertEquals(401, AuthApi.profileStatus(tokens.access()));
        }
        AuthApi.refresh(third.refresh()).then().statusCode(401);
    }

    @Test
    void logoutWithTheFirstTokenAfterARefreshRefusesTheNewerOneToo() {
        AuthApi.Tokens first = AuthApi.tokens(AuthApi.newCustomer());
        AuthApi.Tokens second = rotate(first);
        logout(first.access());
        assertEquals(401, AuthApi.profileStatus(second.access()));
        AuthApi.refresh(second.refresh()).then().statusCode(401);
    }

    @Test
    void endingASessionFromAnotherRefusesEveryAccessTokenOfItOnly() {
        AuthApi.Account account = AuthApi.newCustomer();
        AuthApi.Tokens laptop = AuthApi.tokens(account);
        AuthApi.Tokens laptopLater = rotate(laptop);
        AuthApi.Tokens phone = AuthApi.tokens(account);
        String laptopSession = sessionOf(laptop.access());

        given().auth().oauth2(phone.access()).when().delete("/v1/user/sessions/" + laptopSession).then().statusCode(204);
        assertEquals(401, AuthApi.profileStatus(laptop.access()));
        assertEquals(401, AuthApi.profileStatus(laptopLater.access()));
        AuthApi.refresh(laptopLater.refresh()).then().statusCode(401);
        assertEquals(200, AuthApi.profileStatus(phone.access()));
    }

    @Test
    void changingThePasswordEndsEveryOtherSessionWhole() {
        AuthApi.Account account = AuthApi.newCustomer();
        AuthApi.Tokens other = AuthApi.tokens(account);
        AuthApi.Tokens otherLater = rotate(other);
        AuthApi.Tokens current = AuthApi.tokens(account);
        given().auth().oauth2(current.access()).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", account.password(), "newPassword", AuthApi.strongPassword()))
                .when().post("/v1/user/change-password").then().statusCode(204);
        assertEquals(401, AuthApi.profileStatus(other.access()));
        assertEquals(401, AuthApi.profileStatus(otherLater.access()));
        assertEquals(200, AuthApi.profileStatus(current.access()));
    }

    @Test
    void aReplayedRefreshTokenRefusesEveryAccessTokenOfTheFamily() {
        AuthApi.Tokens first = AuthApi.tokens(AuthApi.newCustomer());
        AuthApi.Tokens second = rotate(first);
        AuthApi.Tokens third = rotate(second);
        AuthApi.refresh(first.refresh()).then().statusCode(401);
        for (AuthApi.Tokens tokens : List.of(first, second, third)) {
            assertEquals(401, AuthApi.profileStatus(tokens.access()));
        }
    }

    @Test
    void anEndedSessionIsAnnouncedForOpenConnectionsElsewhere() throws Exception {
        AuthApi.Tokens tokens = AuthApi.tokens(AuthApi.newCustomer());
        String session = sessionOf(tokens.access());
        try (RespClient.Connection subscriber = RespClient.connect("localhost", RedisTestResource.port())
                .timeout(java.time.Duration.ofSeconds(10))) {
            subscriber.call("SUBSCRIBE", Channels.REVOCATIONS_CHANNEL);
            logout(tokens.access());
            boolean announced = false;
            for (int i = 0; i < 5 && !announced; i++) {
                announced = String.valueOf(subscriber.read()).contains("SESSION " + session);
            }
            assertTrue(announced, "the session's end was published");
        }
    }

    @Test
    void logoutsAndEndedSessionsAreAudited() {
        AuthApi.Account account = AuthApi.newCustomer();
        AuthApi.Tokens first = AuthApi.tokens(account);
        AuthApi.Tokens second = AuthApi.tokens(account);
        given().auth().oauth2(second.access()).when().delete("/v1/user/sessions/" + sessionOf(first.access())).then()
                .statusCode(204);
        logout(second.access());
        given().auth().oauth2(AuthApi.adminTokens().access()).queryParam("userId", account.id())
                .when().get("/v1/admin/audit").then().statusCode(200)
                .body("items.type", hasItem("LOGOUT"))
                .body("items.type", hasItem("SESSION_REVOKED"));
    }

    private static AuthApi.Tokens rotate(AuthApi.Tokens tokens) {
        JsonPath pair = AuthApi.refresh(tokens.refresh()).then().statusCode(200).extract().jsonPath();
        return new AuthApi.Tokens(pair.getString("accessToken"), pair.getString("refreshToken"));
    }

    private static void logout(String access) {
        given().auth().oauth2(access).when().delete("/v1/user/logout").then().statusCode(204);
    }

    private static String sessionOf(String access) {
        String claims = new String(java.util.Base64.getUrlDecoder().decode(access.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        return new JsonPath(claims).getString("sid");
    }
}
