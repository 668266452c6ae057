package io.helpdesk.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;

import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.contracts.UserEvents;
import io.helpdesk.platform.events.Envelopes;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.TestTokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class InvitationTest {

    @Inject
    RedisDataSource redis;

    @Inject
    MongoClient mongo;

    @Inject
    ObjectMapper json;

    @Test
    void anAdministratorInvitesAnAgentWhoSetsAPasswordAndLogsIn() {
        String email = AuthApi.uniqueEmail("Agent.Smith");
        String id = invite(email, "Agent Smith", Roles.AGENT).then().statusCode(201)
                .header("Location", startsWith("http"))
                .body("email", equalTo(email.toLowerCase()))
                .body("role", equalTo(Roles.AGENT))
                .body("status", equalTo("INVITED"))
                .body("emailVerified", equalTo(false))
                .body("company", equalTo("Helpdesk Ltd"))
                .body("locale", equalTo("de"))
                .body("invitationExpiresAt", notNullValue())
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("passwordHash")))
                .extract().path("id");

        UserEvents.Payload invited = payload(EventType.USER_INVITED, id);
        assertEquals("INVITED", invited.status());
        assertEquals(Boolean.FALSE, invited.emailVerified());
        assertEquals(Roles.AGENT, invited.role());
        assertEquals(7 * 24 * 60L, invited.expiresInMinutes());
        Duration left = Duration.between(Instant.now(), invited.expiresAt());
        assertTrue(left.compareTo(Duration.ofDays(7).minusMinutes(5)) > 0 && left.compareTo(Duration.ofDays(7)) <= 0);
        String token = AuthApi.latestCode(EventType.USER_INVITED, id);
        assertTrue(token.length() >= 43, "a long random token");
        assertFalse(lastEnvelope(EventType.USER_INVITED, id).contains(token), "the token travels sealed");
        assertFalse(users().find(new Document("_id", id)).first().toJson().contains(token), "only its hash is stored");

        AuthApi.login(email, "any-password-at-all-1").then().statusCode(401);
        AuthApi.requestResetCode(email).then().statusCode(202);
        assertEquals(0, AuthApi.userEvents(redis, EventType.PASSWORD_RESET_REQUESTED.wireName(), id).size(),
                "an invited account gets no reset code");

        String password = AuthApi.strongPassword();
        accept(token, password).then().statusCode(200).body("id", equalTo(id)).body("emailVerified", equalTo(true))
                .body("role", equalTo(Roles.AGENT));
        UserEvents.Payload updated = payload(EventType.USER_UPDATED, id);
        assertEquals("ACTIVE", updated.status());
        assertEquals(Boolean.TRUE, updated.emailVerified());
        assertEquals("Helpdesk Ltd", updated.company());

        given().auth().oauth2(AuthApi.tokens(email, password).access()).when().get("/v1/user").then().statusCode(200)
                .body("role", equalTo(Roles.AGENT));
        given().auth().oauth2(AuthApi.adminTokens().access()).when().get("/v1/admin/users/" + id).then().statusCode(200)
                .body("status", equalTo("ACTIVE")).body("invitationExpiresAt", nullValue());
        AuthApi.audit("USER_INVITED", id).then().statusCode(200).body("items.size()", equalTo(1));
        AuthApi.audit("INVITATION_ACCEPTED", id).then().statusCode(200).body("items.size()", equalTo(1));
    }

    @Test
    void aTokenWorksOnceAndAUsedExpiredOrUnknownOneGetsTheSameAnswer() {
        String id = invited(AuthApi.uniqueEmail("once"));
        String token = AuthApi.latestCode(EventType.USER_INVITED, id);
        accept(token, AuthApi.strongPassword()).then().statusCode(200);
        String used = accept(token, AuthApi.strongPassword()).then().statusCode(400)
                .contentType(startsWith("application/problem+json")).extract().asString();

        String unknown = accept("x".repeat(43), AuthApi.strongPassword()).then().statusCode(400).extract().asString();
        assertEquals(used, unknown);

        String expiring = invited(AuthApi.uniqueEmail("late"));
        String late = AuthApi.latestCode(EventType.USER_INVITED, expiring);
        users().updateOne(new Document("_id", expiring),
                new Document("$set", new Document("invitation.expiresAt", Instant.now().minusSeconds(1))));
        assertEquals(used, accept(late, AuthApi.strongPassword()).then().statusCode(400).extract().asString());
    }

    @Test
    void aRefusedPasswordDoesNotUseUpTheToken() {
        String email = AuthApi.uniqueEmail("careful");
        String id = invited(email);
        String token = AuthApi.latestCode(EventType.USER_INVITED, id);
        accept(token, "password").then().statusCode(400).body("errors[0].field", equalTo("password"));
        accept(token, email).then().statusCode(400).body("errors[0].field", equalTo("password"));
        accept(token, AuthApi.strongPassword()).then().statusCode(200);
    }

    @Test
    void theMailsLinkOpensAPlainFormThatSetsThePasswordOnce() {
        String email = AuthApi.uniqueEmail("page");
        String id = invited(email);
        String token = AuthApi.latestCode(EventType.USER_INVITED, id);
        // Opening the page uses nothing up, and what the link carries is escaped into the form.
        given().queryParam("token", token).when().get("/v1/user/invitation").then().statusCode(200)
                .contentType(startsWith("text/html")).header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer").body(containsString("value=\"" + token + "\""))
                .body(containsString("action=\"/v1/user/invitation\""));
        given().queryParam("token", "\"><script>x</script>").when().get("/v1/user/invitation").then().statusCode(200)
                .body(not(containsString("<script>")));

        given().contentType(ContentType.URLENC).formParam("token", token).formParam("password", "password")
                .when().post("/v1/user/invitation").then().statusCode(400).contentType(startsWith("text/html"))
                .body(containsString("role=\"alert\""));
        String password = AuthApi.strongPassword();
        given().contentType(ContentType.URLENC).formParam("token", token).formParam("password", password)
                .when().post("/v1/user/invitation").then().statusCode(200).contentType(startsWith("text/html"))
                .body(containsString("Your account is ready"));
        AuthApi.login(email, password).then().statusCode(200);
        given().contentType(ContentType.URLENC).formParam("token", token).formParam("password", password)
                .when().post("/v1/user/invitation").then().statusCode(400).body(containsString("not valid"));
        given().contentType(ContentType.URLENC).formParam("password", password)
                .when().post("/v1/user/invitation").then().statusCode(400).contentType(startsWith("text/html"));
    }

    @Test
    void invitingAgainReplacesTheToken() {
        String id = invited(AuthApi.uniqueEmail("again"));
        String first = AuthApi.latestCode(EventType.USER_INVITED, id);
        String admin = AuthApi.adminTokens().access();
        given().auth().oauth2(admin).when().post("/v1/admin/users/" + id + "/invitation").then().statusCode(200)
                .body("status", equalTo("INVITED")).body("invitationExpiresAt", notNullValue());
        assertEquals(2, AuthApi.userEvents(redis, EventType.USER_INVITED.wireName(), id).size());
        String second = AuthApi.latestCode(EventType.USER_INVITED, id);

        accept(first, AuthApi.strongPassword()).then().statusCode(400);
        accept(second, AuthApi.strongPassword()).then().statusCode(200);
        given().auth().oauth2(admin).when().post("/v1/admin/users/" + id + "/invitation").then().statusCode(409);
        given().auth().oauth2(admin).when().post("/v1/admin/users/no-such-user/invitation").then().statusCode(404);
    }

    @Test
    void aDisabledInvitationStopsWorkingAndEnablingWaitsForANewOne() {
        String id = invited(AuthApi.uniqueEmail("revoked"));
        String token = AuthApi.latestCode(EventType.USER_INVITED, id);
        String admin = AuthApi.adminTokens().access();
        given().auth().oauth2(admin).when().post("/v1/admin/users/" + id + "/disable").then().statusCode(200)
                .body("status", equalTo("DISABLED"));
        assertEquals("DISABLED", payload(EventType.USER_DISABLED, id).status());
        accept(token, AuthApi.strongPassword()).then().statusCode(400);
        given().auth().oauth2(admin).when().post("/v1/admin/users/" + id + "/enable").then().statusCode(200)
                .body("status", equalTo("INVITED"));
        assertEquals("INVITED", payload(EventType.USER_ENABLED, id).status());
        given().auth().oauth2(admin).when().post("/v1/admin/users/" + id + "/invitation").then().statusCode(200);
        accept(AuthApi.latestCode(EventType.USER_INVITED, id), AuthApi.strongPassword()).then().statusCode(200);
    }

    @Test
    void onlyAdministratorsInvite() {
        Map<String, Object> body = Map.of("email", AuthApi.uniqueEmail("nope"), "name", "Nope", "role", Roles.ADMIN);
        given().contentType(ContentType.JSON).body(body).when().post("/v1/admin/users").then().statusCode(401)
                .contentType(startsWith("application/problem+json"));
        for (String role : new String[] { Roles.CUSTOMER, Roles.AGENT, Roles.SERVICE }) {
            given().auth().oauth2(TestTokens.forUser("u-" + role).role(role).sign()).contentType(ContentType.JSON)
                    .body(body).when().post("/v1/admin/users").then().statusCode(403);
        }
        String customer = AuthApi.tokens(AuthApi.newCustomer()).access();
        given().auth().oauth2(customer).contentType(ContentType.JSON).body(body).when().post("/v1/admin/users")
                .then().statusCode(403);
        String id = invited(AuthApi.uniqueEmail("target"));
        given().when().post("/v1/admin/users/" + id + "/invitation").then().statusCode(401);
        given().auth().oauth2(customer).when().post("/v1/admin/users/" + id + "/invitation").then().statusCode(403);
        assertEquals(1, AuthApi.userEvents(redis, EventType.USER_INVITED.wireName(), id).size());
    }

    @Test
    void badInvitationsAreRefusedWithTheField() {
        String admin = AuthApi.adminTokens().access();
        for (Map.Entry<String, Map<String, Object>> refused : Map.<String, Map<String, Object>>of(
                "role", Map.of("email", AuthApi.uniqueEmail("r"), "name", "R", "role", Roles.SERVICE),
                "email", Map.of("email", "not-an-email", "name", "E", "role", Roles.AGENT),
                "name", Map.of("email", AuthApi.uniqueEmail("n"), "role", Roles.AGENT),
                "locale", Map.of("email", AuthApi.uniqueEmail("l"), "name", "L", "role", Roles.AGENT, "locale", "german"))
                .entrySet()) {
            given().auth().oauth2(admin).contentType(ContentType.JSON).body(refused.getValue())
                    .when().post("/v1/admin/users").then().statusCode(400)
                    .contentType(startsWith("application/problem+json"))
                    .body("errors.field", hasItem(refused.getKey()));
        }
        AuthApi.Account existing = AuthApi.newCustomer();
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("email", existing.email().toUpperCase(), "name", "Twin", "role", Roles.AGENT))
                .when().post("/v1/admin/users").then().statusCode(409);
        given().contentType(ContentType.JSON).body(Map.of("token", "", "password", AuthApi.strongPassword()))
                .when().post("/v1/user/invitation").then().statusCode(400).body("errors.field", hasItem("token"));
        given().contentType(ContentType.JSON).body(Map.of("token", Map.of("$ne", ""), "password", AuthApi.strongPassword()))
                .when().post("/v1/user/invitation").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("token", "x".repeat(201), "password", AuthApi.strongPassword()))
                .when().post("/v1/user/invitation").then().statusCode(400).body("errors.field", hasItem("token"));
    }

    @Test
    void theInvitedListShowsByStatus() {
        String email = AuthApi.uniqueEmail("listed");
        String id = invited(email);
        given().auth().oauth2(AuthApi.adminTokens().access()).queryParam("status", "INVITED").queryParam("q", email)
                .when().get("/v1/admin/users").then().statusCode(200).body("items.id", hasItem(id));
    }

    private static Response invite(String email, String name, String role) {
        return given().auth().oauth2(AuthApi.adminTokens().access()).contentType(ContentType.JSON)
                .body(Map.of("email", email, "name", name, "role", role, "company", "Helpdesk Ltd", "locale", "de"))
                .when().post("/v1/admin/users");
    }

    private static String invited(String email) {
        return invite(email, "Invited Person", Roles.AGENT).then().statusCode(201).extract().path("id");
    }

    private static Response accept(String token, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("token", token, "password", password))
                .when().post("/v1/user/invitation");
    }

    private String lastEnvelope(EventType type, String userId) {
        List<Map<String, String>> events = AuthApi.userEvents(redis, type.wireName(), userId);
        return events.get(events.size() - 1).get("envelope");
    }

    private UserEvents.Payload payload(EventType type, String userId) {
        return Envelopes.payload(json, Envelopes.read(json, lastEnvelope(type, userId)), UserEvents.Payload.class);
    }

    private com.mongodb.client.MongoCollection<Document> users() {
        return mongo.getDatabase("auth").getCollection("users");
    }
}
