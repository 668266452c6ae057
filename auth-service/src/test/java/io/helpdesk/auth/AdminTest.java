package io.helpdesk.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;

import io.helpdesk.auth.audit.AuditRepository;
import io.helpdesk.auth.user.UserRepository;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.MongoTestResource;
import io.helpdesk.platform.testing.TestTokens;
import io.helpdesk.platform.web.paging.Keyset;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class AdminTest {

    private static MongoClient mongo;

    @BeforeAll
    static void connect() {
        mongo = MongoClients.create(MongoTestResource.connectionString());
    }

    @AfterAll
    static void disconnect() {
        mongo.close();
    }

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
    void theListsTakeACursorAndRefuseTheRetiredPageNumberAndForeignCursors() {
        String admin = AuthApi.adminTokens().access();
        for (String route : List.of("/v1/admin/users", "/v1/admin/audit")) {
            for (String page : List.of("0", "1", "x")) {
                given().auth().oauth2(admin).queryParam("page", page).when().get(route).then().statusCode(400)
                        .body("errors[0].field", equalTo("page")).body("errors[0].detail", equalTo("replaced by cursor"));
            }
            for (String cursor : List.of("not a cursor!", "bm90LWJzb24", "x".repeat(513))) {
                given().auth().oauth2(admin).queryParam("cursor", cursor).when().get(route).then().statusCode(400)
                        .body("errors[0].field", equalTo("cursor"));
            }
            given().when().get(route).then().statusCode(401);
            for (String role : new String[] { Roles.CUSTOMER, Roles.AGENT, Roles.SERVICE }) {
                given().auth().oauth2(TestTokens.forUser("u-" + role).role(role).sign()).when().get(route).then()
                        .statusCode(403).header("Link", nullValue());
            }
        }
        // A cursor of the other list is refused too: each is valid only with its own order.
        String auditCursor = given().auth().oauth2(admin).queryParam("size", 1).when().get("/v1/admin/audit").then()
                .statusCode(200).extract().path("next");
        given().auth().oauth2(admin).queryParam("cursor", auditCursor).when().get("/v1/admin/users").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void theFirstAdministratorComesFromConfiguration() {
        given().auth().oauth2(AuthApi.adminTokens().access()).when().get("/v1/user").then().statusCode(200)
                .body("role", equalTo("ADMIN"));
    }

    @Test
    void listsWithSearchByTheStartOfTheAddressAndShowsTheAdminView() {
        String marker = "zebra" + System.nanoTime();
        for (int i = 0; i < 3; i++) {
            AuthApi.register(marker + i + "@example.com", AuthApi.strongPassword());
        }
        String admin = AuthApi.adminTokens().access();
        given().auth().oauth2(admin).queryParam("q", marker.toUpperCase(java.util.Locale.ROOT)).queryParam("size", 2)
                .queryParam("total", true).when().get("/v1/admin/users").then().statusCode(200)
                .body("total", equalTo(3))
                .body("items.size()", equalTo(2))
                .body("items.email", equalTo(List.of(marker + "0@example.com", marker + "1@example.com")))
                .body("items[0].status", equalTo("ACTIVE"))
                .body("items[0]", hasKey("lastLoginAt"))
                .body("items[0]", not(hasKey("passwordHash")))
                .body("next", notNullValue());
        // No count unless asked; a search inside the address finds nothing (only its start is indexed).
        given().auth().oauth2(admin).queryParam("q", marker).when().get("/v1/admin/users").then().statusCode(200)
                .body("total", nullValue()).body("items.size()", equalTo(3)).body("next", nullValue());
        given().auth().oauth2(admin).queryParam("q", marker.substring(2)).queryParam("total", true).when()
                .get("/v1/admin/users").then().statusCode(200).body("total", equalTo(0));
        given().auth().oauth2(admin).queryParam("q", ".*").queryParam("total", true).when().get("/v1/admin/users").then()
                .statusCode(200).body("total", equalTo(0));
        given().auth().oauth2(admin).queryParam("size", 1000).when().get("/v1/admin/users").then().statusCode(400);
        given().auth().oauth2(admin).queryParam("role", "ROOT").when().get("/v1/admin/users").then().statusCode(400);
    }

    @Test
    void totalIsOnlyTrueOrFalseAndACursorOfAnotherListIsRefused() {
        String admin = AuthApi.adminTokens().access();
        for (String total : List.of("maybe", "1", "TRUE", "yes")) {
            given().auth().oauth2(admin).queryParam("total", total).when().get("/v1/admin/users").then().statusCode(400)
                    .body("errors[0].field", equalTo("total"));
        }
        given().auth().oauth2(admin).queryParam("total", "false").when().get("/v1/admin/users").then().statusCode(200)
                .body("total", nullValue());
        // A cursor of the account list is not one of the audit log, and the other way round.
        String users = Keyset.encode(UserRepository.BY_EMAIL, new Keyset.Position("a@example.com", "u1"));
        String audit = Keyset.encode(AuditRepository.NEWEST_FIRST, new Keyset.Position(new Date(), "e1"));
        String forged = Keyset.encode(Keyset.Order.ascending("users", "email"), new Keyset.Position(new Document("$gt", ""), "u1"));
        given().auth().oauth2(admin).queryParam("cursor", users).when().get("/v1/admin/audit").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
        for (String cursor : List.of(audit, forged)) {
            given().auth().oauth2(admin).queryParam("cursor", cursor).when().get("/v1/admin/users").then().statusCode(400)
                    .body("errors[0].field", equalTo("cursor"));
        }
        given().auth().oauth2(admin).queryParam("cursor", users).when().get("/v1/admin/users").then().statusCode(200);
    }

    @Test
    void theAccountListPagesByCursorInAddressOrderEveryAccountOnceEvenWhenAccountsAreAddedMeanwhile() {
        String marker = "okapi" + System.nanoTime();
        List<String> registered = new ArrayList<>();
        for (String letter : List.of("d", "b", "g", "a", "f", "c", "e")) {
            registered.add(AuthApi.registerUnverified(marker + letter + "@example.com", AuthApi.strongPassword()).email());
        }
        String admin = AuthApi.adminTokens().access();
        String users = "/v1/admin/users?q=" + marker + "&size=3";
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().auth().oauth2(admin).queryParam("q", marker).queryParam("size", 3);
            var answer = (cursor == null ? request : request.queryParam("cursor", cursor)).when().get("/v1/admin/users")
                    .then().statusCode(200).body("total", nullValue()).extract();
            seen.addAll(answer.path("items.email"));
            String next = answer.path("next");
            String first = "<" + users + ">; rel=\"first\"";
            assertEquals(next == null ? first : first + ", <" + users + "&cursor=" + next + ">; rel=\"next\"",
                    answer.header("Link"));
            if (pages == 0) {
                // Between the pages: one account that sorts before the cursor (it must not shift the next
                // page), one after it (it comes once, in its place).
                AuthApi.registerUnverified(marker + "a0@example.com", AuthApi.strongPassword());
                registered.add(AuthApi.registerUnverified(marker + "e0@example.com", AuthApi.strongPassword()).email());
            }
            cursor = next;
            pages++;
        } while (cursor != null);
        assertEquals(registered.stream().sorted().toList(), seen);
        assertEquals(3, pages);
    }

    @Test
    void theAuditLogPagesByCursorNewestFirstEveryEntryOnceTiesByIdEvenWhenEntriesAreAddedMeanwhile() {
        String userId = "paged-" + UUID.randomUUID();
        Instant start = Instant.parse("2026-03-01T10:00:00Z");
        List<Document> rows = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            // Pairs share their time: the id decides.
            rows.add(entry(String.format("%s-%02d", userId, (i * 5) % 9), start.plusSeconds(i / 2), userId));
        }
        MongoCollection<Document> audit = mongo.getDatabase("auth").getCollection("audit");
        audit.insertMany(rows);
        List<String> expected = rows.stream()
                .sorted(Comparator.comparing((Document e) -> e.getDate("at")).thenComparing(e -> e.getString("_id")).reversed())
                .map(e -> e.getString("_id")).toList();
        String admin = AuthApi.adminTokens().access();
        String route = "/v1/admin/audit?userId=" + userId + "&size=2";
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().auth().oauth2(admin).queryParam("userId", userId).queryParam("size", 2);
            var answer = (cursor == null ? request : request.queryParam("cursor", cursor)).when().get("/v1/admin/audit")
                    .then().statusCode(200).body("$", hasKey("total")).body("total", nullValue()).extract();
            seen.addAll(answer.path("items.id"));
            String next = answer.path("next");
            String first = "<" + route + ">; rel=\"first\"";
            assertEquals(next == null ? first : first + ", <" + route + "&cursor=" + next + ">; rel=\"next\"",
                    answer.header("Link"));
            if (pages == 0) {
                // A newer entry meanwhile: it belongs before the cursor, so the next page neither repeats nor skips.
                audit.insertOne(entry(userId + "-new", Instant.now(), userId));
            }
            cursor = next;
            pages++;
        } while (cursor != null);
        assertEquals(expected, seen);
        assertEquals(5, pages);
    }

    private static Document entry(String id, Instant at, String userId) {
        return new Document("_id", id).append("at", Date.from(at)).append("type", "LOGIN_FAILED").append("userId", userId);
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
                .body("items.type", hasItem("LOGIN_FAILED"))
                .body("items.type", hasItem("ROLE_CHANGED"))
                .body("items.type", hasItem("USER_REGISTERED"))
                .body("items.userId", everyItem(equalTo(account.id())));
        given().when().get("/q/metrics").then().body(org.hamcrest.Matchers.containsString("helpdesk_auth_audit_total"));
    }
}
