package io.helpdesk.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class AdminTest {

    @Test
    void onlyAdministratorsGetIn() {
        given().when().get("/v1/admin/users").then().statusCode(401);
        for (String role : new String[] { Roles.CUSTOMER, Roles.AGENT, Roles.SERVICE }) {
            given().auth().oauth2(TestTokens.forUser("u-" + role).role(role).sign())
                    .when().get("/v1/admin/users").then().statusCode(403);
        }
        String customer = AuthApi.tokens(AuthApi.newCustomer()).access();
        given().auth().oauth2(customer).when().post("/v1/admin/users/whoever/disable").then().statusCode(403);
    }

    @Test
    void pagesBeyondTenThousandAreRefused() {
        String admin = AuthApi.adminTokens().access();
        for (String route : java.util.List.of("/v1/admin/users", "/v1/admin/audit")) {
            for (String page : java.util.List.of("10001", "2147483647", "-1")) {
                given().auth().oauth2(admin).queryParam("page", page).when().get(route).then().statusCode(400)
                        .body("errors[0].field", equalTo("page"));
            }
            given().auth().oauth2(admin).queryParam("page", "10000").when().get(route).then().statusCode(200);
        }
    }

    @Test
    void theFirstAdministratorComesFromConfiguration() {
        given().auth().oauth2(AuthApi.adminTokens().access()).when().get("/v1/user").then().statusCode(200)
                .body("role", equalTo("ADMIN"));
    }

    @Test
    void listsWithSearchAndPagingAndShowsTheAdminView() {
        String marker = "zebra" + System.nanoTime();
        for (int i = 0; i < 3; i++) {
            AuthApi.register(marker + i + "@example.com", AuthApi.strongPassword());
        }
        String admin = AuthApi.adminTokens().access();
        given().auth().oauth2(admin).queryParam("q", marker).queryParam("size", 2)
                .when().get("/v1/admin/users").then().statusCode(200)
                .body("total", equalTo(3))
                .body("items.size()", equalTo(2))
                .body("items[0].status", equalTo("ACTIVE"))
                .body("items[0]", hasKey("lastLoginAt"))
                .body("items[0]", not(hasKey("passwordHash")));
        given().auth().oauth2(admin).queryParam("q", ".*").when().get("/v1/admin/users").then().statusCode(200)
                .body("total", equalTo(0));
        given().auth().oauth2(admin).queryParam("size", 1000).when().get("/v1/admin/users").then().statusCode(400);
        given().auth().oauth2(admin).queryParam("role", "ROOT").when().get("/v1/admin/users").then().statusCode(400);
    }

    @Test
    void theAccountListAndTheAuditLogLinkTheirPagesKeepingTheFilters() {
        String marker = "okapi" + System.nanoTime();
        AuthApi.Account account = null;
        for (int i = 0; i < 3; i++) {
            account = AuthApi.register(marker + i + "@example.com", AuthApi.strongPassword());
        }
        String admin = AuthApi.adminTokens().access();
        String users = "/v1/admin/users?q=" + marker;
        given().auth().oauth2(admin).queryParam("q", marker).queryParam("size", 2)
                .when().get("/v1/admin/users").then().statusCode(200)
                .header("Link", equalTo("<" + users + "&page=0&size=2>; rel=\"first\", <" + users + "&page=1&size=2>; rel=\"next\", <"
                        + users + "&page=1&size=2>; rel=\"last\""));

        String audit = "/v1/admin/audit?userId=" + account.id();
        given().auth().oauth2(admin).queryParam("userId", account.id()).queryParam("size", 1)
                .when().get("/v1/admin/audit").then().statusCode(200).body("size()", equalTo(1))
                .header("Link", equalTo("<" + audit + "&page=0&size=1>; rel=\"first\", <" + audit + "&page=1&size=1>; rel=\"next\""));
        // Past the end: an empty page with the way back and no next.
        given().auth().oauth2(admin).queryParam("userId", account.id()).queryParam("size", 1).queryParam("page", 50)
                .when().get("/v1/admin/audit").then().statusCode(200).body("size()", equalTo(0))
                .header("Link", equalTo("<" + audit + "&page=0&size=1>; rel=\"first\", <" + audit + "&page=49&size=1>; rel=\"prev\""));
        given().auth().oauth2(TestTokens.forUser("u").role(Roles.AGENT).sign()).when().get("/v1/admin/audit")
                .then().statusCode(403).header("Link", org.hamcrest.Matchers.nullValue());
        given().auth().oauth2(admin).queryParam("size", 0).when().get("/v1/admin/audit")
                .then().statusCode(400).header("Link", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void aRoleChangeEndsTheUsersTokens() {
        AuthApi.Account account = AuthApi.newCustomer();
        AuthApi.Tokens tokens = AuthApi.tokens(account);
        String admin = AuthApi.adminTokens().access();

        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("role", "AGENT"))
                .when().put("/v1/admin/users/" + account.id() + "/role").then().statusCode(200)
                .body("role", equalTo("AGENT"));
        assertEquals(401, AuthApi.profileStatus(tokens.access()));
        AuthApi.refresh(tokens.refresh()).then().statusCode(401);
        given().auth().oauth2(AuthApi.tokens(account).access()).when().get("/v1/user").then().body("role", equalTo("AGENT"));

        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("role", "GOD"))
                .when().put("/v1/admin/users/" + account.id() + "/role").then().statusCode(400);
    }

    @Test
    void disablingRefusesLoginAndTokensUntilEnabled() {
        AuthApi.Account account = AuthApi.newCustomer();
        AuthApi.Tokens tokens = AuthApi.tokens(account);
        String admin = AuthApi.adminTokens().access();

        given().auth().oauth2(admin).when().post("/v1/admin/users/" + account.id() + "/disable").then().statusCode(200)
                .body("status", equalTo("DISABLED"));
        assertEquals(401, AuthApi.profileStatus(tokens.access()));
        AuthApi.login(account.email(), account.password()).then().statusCode(401);

        given().auth().oauth2(admin).when().post("/v1/admin/users/" + account.id() + "/enable").then().statusCode(200)
                .body("status", equalTo("ACTIVE"));
        AuthApi.login(account.email(), account.password()).then().statusCode(200);
    }

    @Test
    void deletingIsSoftAndFinal() {
        AuthApi.Account account = AuthApi.newCustomer();
        String admin = AuthApi.adminTokens().access();
        given().auth().oauth2(admin).when().delete("/v1/admin/users/" + account.id()).then().statusCode(204);
        AuthApi.login(account.email(), account.password()).then().statusCode(401);
        given().auth().oauth2(admin).when().get("/v1/admin/users/" + account.id()).then().statusCode(200)
                .body("status", equalTo("DELETED")).body("deletedAt", notNullValue());
        given().auth().oauth2(admin).when().post("/v1/admin/users/" + account.id() + "/enable").then().statusCode(409);
        given().auth().oauth2(admin).when().get("/v1/admin/users/no-such-user").then().statusCode(404);
    }

    @Test
    void anAdministratorCannotLockThemselvesOut() {
        AuthApi.Tokens admin = AuthApi.adminTokens();
        String adminId = given().auth().oauth2(admin.access()).when().get("/v1/user").then().extract().path("id");
        given().auth().oauth2(admin.access()).when().post("/v1/admin/users/" + adminId + "/disable").then().statusCode(409);
        given().auth().oauth2(admin.access()).contentType(ContentType.JSON).body(Map.of("role", "CUSTOMER"))
                .when().put("/v1/admin/users/" + adminId + "/role").then().statusCode(409);
    }

    @Test
    void theAuditLogRecordsSecurityEvents() {
        AuthApi.Account account = AuthApi.newCustomer();
        AuthApi.login(account.email(), "definitely-wrong-password").then().statusCode(401);
        String admin = AuthApi.adminTokens().access();
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("role", "AGENT"))
                .when().put("/v1/admin/users/" + account.id() + "/role").then().statusCode(200);

        given().auth().oauth2(admin).queryParam("userId", account.id()).when().get("/v1/admin/audit").then()
                .statusCode(200)
                .body("type", hasItem("LOGIN_FAILED"))
                .body("type", hasItem("ROLE_CHANGED"))
                .body("type", hasItem("USER_REGISTERED"))
                .body("userId", everyItem(equalTo(account.id())));
        given().when().get("/q/metrics").then().body(org.hamcrest.Matchers.containsString("helpdesk_auth_audit_total"));
    }
}
