package io.helpdesk.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class ProfileTest {

    @Test
    void editsOnlyTheEditableFields() {
        AuthApi.Account account = AuthApi.newCustomer();
        String access = AuthApi.tokens(account).access();
        given().auth().oauth2(access).contentType(ContentType.JSON)
                .body(Map.of("name", "Ada King", "company", "Babbage & Co", "locale", "fr",
                        "role", "ADMIN", "email", "other@example.com"))
                .when().patch("/v1/user")
                .then().statusCode(200)
                .body("name", equalTo("Ada King"))
                .body("company", equalTo("Babbage & Co"))
                .body("locale", equalTo("fr"))
                .body("role", equalTo("CUSTOMER"))
                .body("email", equalTo(account.email()));
        given().auth().oauth2(access).contentType(ContentType.JSON).body(Map.of("locale", "not a locale"))
                .when().patch("/v1/user").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("name", "x")).when().patch("/v1/user").then().statusCode(401);
    }

    @Test
    void changingThePasswordEndsTheOtherSessionsOnly() {
        AuthApi.Account account = AuthApi.newCustomer();
        AuthApi.Tokens here = AuthApi.tokens(account);
        AuthApi.Tokens elsewhere = AuthApi.tokens(account);
        String newPassword = AuthApi.strongPassword();

        given().auth().oauth2(here.access()).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", "wrong-current-password", "newPassword", newPassword))
                .when().post("/v1/user/change-password").then().statusCode(400)
                .body("errors[0].field", equalTo("currentPassword"));

        given().auth().oauth2(here.access()).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", account.password(), "newPassword", newPassword))
                .when().post("/v1/user/change-password").then().statusCode(204);

        assertEquals(200, AuthApi.profileStatus(here.access()));
        assertEquals(401, AuthApi.profileStatus(elsewhere.access()));
        AuthApi.refresh(elsewhere.refresh()).then().statusCode(401);
        AuthApi.refresh(here.refresh()).then().statusCode(200);
        AuthApi.login(account.email(), newPassword).then().statusCode(200);
    }

    @Test
    void wrongCurrentPasswordsLockTheAccountLikeFailedLoginsFor429WithRetryAfter() {
        AuthApi.Account account = AuthApi.newCustomer();
        String access = AuthApi.tokens(account).access();
        for (int i = 0; i < 5; i++) {
            changePassword(access, "wrong-current-password-" + i).then().statusCode(400);
        }

        changePassword(access, account.password()).then().statusCode(429)
                .contentType(startsWith("application/problem+json"))
                .header("Retry-After", notNullValue());
        AuthApi.login(account.email(), account.password()).then().statusCode(429);
        AuthApi.audit("PASSWORD_CHANGE_FAILED", account.id()).then().body("items.size()", equalTo(5));
        AuthApi.audit("ACCOUNT_LOCKED", account.id()).then().body("items.size()", equalTo(1));
    }

    @Test
    void listsAndEndsTheCallersOwnSessions() {
        AuthApi.Account account = AuthApi.newCustomer();
        AuthApi.Tokens mine = AuthApi.tokens(account);
        AuthApi.Tokens other = AuthApi.tokens(account);
        String otherId = other.refresh().substring(0, other.refresh().indexOf('.'));

        given().auth().oauth2(mine.access()).when().get("/v1/user/sessions").then().statusCode(200)
                .body("$", hasSize(2))
                .body("find { it.current }.id", equalTo(mine.refresh().substring(0, mine.refresh().indexOf('.'))));

        AuthApi.Tokens stranger = AuthApi.tokens(AuthApi.newCustomer());
        given().auth().oauth2(stranger.access()).when().delete("/v1/user/sessions/" + otherId).then().statusCode(404);

        given().auth().oauth2(mine.access()).when().delete("/v1/user/sessions/" + otherId).then().statusCode(204);
        assertEquals(401, AuthApi.profileStatus(other.access()));
        AuthApi.refresh(other.refresh()).then().statusCode(401);
        given().auth().oauth2(mine.access()).when().get("/v1/user/sessions").then().body("$", hasSize(1));
    }

    private static io.restassured.response.Response changePassword(String access, String currentPassword) {
        return given().auth().oauth2(access).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", currentPassword, "newPassword", AuthApi.strongPassword()))
                .when().post("/v1/user/change-password");
    }
}
