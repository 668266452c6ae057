package io.helpdesk.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class AdminSessionTest {

    @Test
    void anAdministratorListsAUsersActiveSessions() {
        AuthApi.Account account = AuthApi.newCustomer();
        AuthApi.Tokens laptop = AuthApi.tokens(account);
        AuthApi.Tokens phone = AuthApi.tokens(account);

        given().auth().oauth2(AuthApi.adminTokens().access())
                .when().get("/v1/admin/users/" + account.id() + "/sessions").then().statusCode(200)
                .body("id", containsInAnyOrder(AuthApi.sessionId(laptop), AuthApi.sessionId(phone)))
                .body("[0]", hasKey("lastUsedAt"))
                .body("[0]", not(hasKey("refreshHash")));
    }

    @Test
    void endingOneSessionRefusesItsTokensAndKeepsTheOthers() {
        AuthApi.Account account = AuthApi.newCustomer();
        AuthApi.Tokens ended = AuthApi.tokens(account);
        AuthApi.Tokens kept = AuthApi.tokens(account);
        String admin = AuthApi.adminTokens().access();

        given().auth().oauth2(admin).when()
                .delete("/v1/admin/users/" + account.id() + "/sessions/" + AuthApi.sessionId(ended))
                .then().statusCode(204);

        AuthApi.refresh(ended.refresh()).then().statusCode(401);
        assertEquals(401, AuthApi.profileStatus(ended.access()));
        AuthApi.refresh(kept.refresh()).then().statusCode(200);
        given().auth().oauth2(admin).when().get("/v1/admin/users/" + account.id() + "/sessions").then()
                .body("id", containsInAnyOrder(AuthApi.sessionId(kept)));
    }

    @Test
    void endingAllSessionsRefusesEveryRefreshTokenButLeavesTheAccountUsable() {
        AuthApi.Account account = AuthApi.newCustomer();
        AuthApi.Tokens first = AuthApi.tokens(account);
        AuthApi.Tokens second = AuthApi.tokens(account);
        String admin = AuthApi.adminTokens().access();

        given().auth().oauth2(admin).when().delete("/v1/admin/users/" + account.id() + "/sessions")
                .then().statusCode(204);

        AuthApi.refresh(first.refresh()).then().statusCode(401);
        AuthApi.refresh(second.refresh()).then().statusCode(401);
        given().auth().oauth2(admin).when().get("/v1/admin/users/" + account.id() + "/sessions").then()
                .body("$", hasSize(0));
        AuthApi.login(account.email(), account.password()).then().statusCode(200);
    }

    @Test
    void eachEndedSessionIsAuditedWithTheAdministratorAsActor() {
        AuthApi.Account account = AuthApi.newCustomer();
        AuthApi.Tokens first = AuthApi.tokens(account);
        AuthApi.Tokens second = AuthApi.tokens(account);

        given().auth().oauth2(AuthApi.adminTokens().access()).when()
                .delete("/v1/admin/users/" + account.id() + "/sessions").then().statusCode(204);

        AuthApi.audit("SESSION_REVOKED", account.id()).then().statusCode(200)
                .body("items.detail", containsInAnyOrder("session " + AuthApi.sessionId(first),
                        "session " + AuthApi.sessionId(second)))
                .body("items.actorId", everyItem(equalTo(AuthApi.adminId())));
    }

    @Test
    void unknownUsersAndSessionsAre404Problems() {
        AuthApi.Account account = AuthApi.newCustomer();
        AuthApi.Tokens ended = AuthApi.tokens(account);
        AuthApi.Tokens strangers = AuthApi.tokens(AuthApi.newCustomer());
        String admin = AuthApi.adminTokens().access();
        String sessions = "/v1/admin/users/" + account.id() + "/sessions/";
        given().auth().oauth2(admin).when().delete(sessions + AuthApi.sessionId(ended)).then().statusCode(204);

        given().auth().oauth2(admin).when().get("/v1/admin/users/no-such-user/sessions").then().statusCode(404)
                .contentType(startsWith("application/problem+json")).body("detail", equalTo("No such user."));
        given().auth().oauth2(admin).when().delete("/v1/admin/users/no-such-user/sessions").then().statusCode(404);
        given().auth().oauth2(admin).when().delete("/v1/admin/users/no-such-user/sessions/" + AuthApi.sessionId(ended))
                .then().statusCode(404);
        given().auth().oauth2(admin).when().delete(sessions + "no-such-session").then().statusCode(404)
                .contentType(startsWith("application/problem+json")).body("detail", equalTo("No such session."));
        given().auth().oauth2(admin).when().delete(sessions + AuthApi.sessionId(strangers)).then().statusCode(404);
        given().auth().oauth2(admin).when().delete(sessions + AuthApi.sessionId(ended)).then().statusCode(404);
        AuthApi.refresh(strangers.refresh()).then().statusCode(200);
    }

    @Test
    void onlyAdministratorsManageSessions() {
        AuthApi.Account account = AuthApi.newCustomer();
        AuthApi.Tokens tokens = AuthApi.tokens(account);
        String sessions = "/v1/admin/users/" + account.id() + "/sessions";

        given().when().get(sessions).then().statusCode(401);
        given().when().delete(sessions).then().statusCode(401);
        given().when().delete(sessions + "/" + AuthApi.sessionId(tokens)).then().statusCode(401);
        given().auth().oauth2(tokens.access()).when().get(sessions).then().statusCode(403);
        given().auth().oauth2(tokens.access()).when().delete(sessions).then().statusCode(403);
        given().auth().oauth2(tokens.access()).when().delete(sessions + "/" + AuthApi.sessionId(tokens))
                .then().statusCode(403);
        AuthApi.refresh(tokens.refresh()).then().statusCode(200);
    }
}
