package io.helpdesk.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;

import io.helpdesk.auth.user.AccountWrites;
import io.helpdesk.auth.user.User;
import io.helpdesk.auth.user.UserRepository;
import io.helpdesk.auth.user.UserService;
import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.contracts.UserEvents;
import io.helpdesk.platform.events.Envelopes;
import io.helpdesk.platform.web.problem.ProblemException;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class EmailVerificationTest {

    @Inject
    RedisDataSource redis;

    @Inject
    MongoClient mongo;

    @Inject
    ObjectMapper json;

    @Inject
    UserRepository users;

    @Inject
    AccountWrites writes;

    @Test
    void aSignUpIsUnverifiedAndLogsInOnlyOnceItsCodeIsConfirmed() {
        AuthApi.Account account = AuthApi.registerUnverified(AuthApi.uniqueEmail("fresh"), AuthApi.strongPassword());
        UserEvents.Payload registered = payload(EventType.USER_REGISTERED, account.id());
        assertEquals(Boolean.FALSE, registered.emailVerified());
        assertEquals("ACTIVE", registered.status());
        assertTrue(registered.otpSealed() != null && registered.expiresAt() != null);
        assertEquals(24 * 60L, registered.expiresInMinutes());
        String code = AuthApi.latestCode(EventType.USER_REGISTERED, account.id());
        assertFalse(lastEnvelope(EventType.USER_REGISTERED, account.id()).contains(code), "no plain code on the stream");
        assertFalse(mongo.getDatabase("auth").getCollection("otps").find(new Document("_id", "verify-email:" + account.id()))
                .first().toJson().contains(code), "the code is stored only as a hash");

        AuthApi.login(account.email(), account.password()).then().statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("type", endsWith("email-unverified"));
        AuthApi.login(account.email(), "a-wrong-password").then().statusCode(401)
                .body("type", equalTo("about:blank"));

        AuthApi.verifyEmail(account.email(), code).then().statusCode(200);
        UserEvents.Payload updated = payload(EventType.USER_UPDATED, account.id());
        assertEquals(Boolean.TRUE, updated.emailVerified());
        assertEquals(null, updated.otpSealed());
        given().auth().oauth2(AuthApi.tokens(account).access()).when().get("/v1/user").then().statusCode(200)
                .body("emailVerified", equalTo(true));
        AuthApi.audit("EMAIL_VERIFIED", account.id()).then().statusCode(200).body("items.size()", equalTo(1));

        AuthApi.verifyEmail(account.email(), code).then().statusCode(400);
    }

    @Test
    void anUnverifiedAccountIsGivenNoStaffRoleUntilItIsVerified() {
        AuthApi.Account account = AuthApi.registerUnverified(AuthApi.uniqueEmail("promote"), AuthApi.strongPassword());
        given().auth().oauth2(AuthApi.adminTokens().access()).contentType(ContentType.JSON)
                .body(Map.of("role", "AGENT")).when().put("/v1/admin/users/" + account.id() + "/role")
                .then().statusCode(409).contentType(startsWith("application/problem+json"));
        AuthApi.verifyEmail(account.email(), AuthApi.latestCode(EventType.USER_REGISTERED, account.id()))
                .then().statusCode(200);
        given().auth().oauth2(AuthApi.adminTokens().access()).contentType(ContentType.JSON)
                .body(Map.of("role", "AGENT")).when().put("/v1/admin/users/" + account.id() + "/role")
                .then().statusCode(200).body("role", equalTo("AGENT"));

        // A pending invitation proves its address when it is accepted: its role may change before.
        String invited = given().auth().oauth2(AuthApi.adminTokens().access()).contentType(ContentType.JSON)
                .body(Map.of("email", AuthApi.uniqueEmail("pending"), "name", "Pending Person", "role", "AGENT"))
                .when().post("/v1/admin/users").then().statusCode(201).extract().path("id");
        given().auth().oauth2(AuthApi.adminTokens().access()).contentType(ContentType.JSON)
                .body(Map.of("role", "ADMIN")).when().put("/v1/admin/users/" + invited + "/role")
                .then().statusCode(200).body("role", equalTo("ADMIN"));
    }

    @Test
    void aWriteFromAnOlderReadUndoesNothing() {
        AuthApi.Account account = AuthApi.register(AuthApi.uniqueEmail("stale"), AuthApi.strongPassword());
        User stale = users.findById(account.id());
        given().auth().oauth2(AuthApi.adminTokens().access()).when().post("/v1/admin/users/" + account.id() + "/disable")
                .then().statusCode(200);
        stale.name = "Written from an older read";
        UserService.touch(stale);
        ProblemException refused = assertThrows(ProblemException.class, () -> writes.save(stale));
        assertEquals(409, refused.status());
        User stored = users.findById(account.id());
        assertEquals(User.Status.DISABLED, stored.status);
        assertNotEquals("Written from an older read", stored.name);

        // A login writes only its own fields: it brings no disabled account back.
        AuthApi.Account other = AuthApi.register(AuthApi.uniqueEmail("login"), AuthApi.strongPassword());
        users.recordLogin(other.id(), java.time.Instant.now(), null, null);
        assertEquals(User.Status.ACTIVE, users.findById(other.id()).status);
    }

    @Test
    void wrongCodesUseUpTheCodeAndANewOneWorks() {
        AuthApi.Account account = AuthApi.registerUnverified(AuthApi.uniqueEmail("guesser"), AuthApi.strongPassword());
        String code = AuthApi.latestCode(EventType.USER_REGISTERED, account.id());
        String wrong = code.equals("000000") ? "111111" : "000000";
        String first = AuthApi.verifyEmail(account.email(), wrong).then().statusCode(400).extract().asString();
        for (int i = 1; i < 5; i++) {
            AuthApi.verifyEmail(account.email(), wrong).then().statusCode(400);
        }
        String spent = AuthApi.verifyEmail(account.email(), code).then().statusCode(400).extract().asString();
        assertEquals(first, spent, "a spent code answers as a wrong one");
        AuthApi.audit("EMAIL_VERIFICATION_FAILED", account.id()).then().statusCode(200)
                .body("items.detail", hasItem("wrong code, try 5")).body("items.detail", hasItem("no live code"));

        afterTheResendInterval(account.email());
        AuthApi.resendVerification(account.email()).then().statusCode(202);
        String fresh = AuthApi.latestCode(EventType.EMAIL_VERIFICATION_REQUESTED, account.id());
        UserEvents.Payload requested = payload(EventType.EMAIL_VERIFICATION_REQUESTED, account.id());
        assertEquals(Boolean.FALSE, requested.emailVerified());
        AuthApi.verifyEmail(account.email(), fresh).then().statusCode(200);
        AuthApi.tokens(account);
    }

    @Test
    void aNewCodeReplacesTheOldOne() {
        AuthApi.Account account = AuthApi.registerUnverified(AuthApi.uniqueEmail("twice"), AuthApi.strongPassword());
        String old = AuthApi.latestCode(EventType.USER_REGISTERED, account.id());
        afterTheResendInterval(account.email());
        AuthApi.resendVerification(account.email()).then().statusCode(202);
        String fresh = AuthApi.latestCode(EventType.EMAIL_VERIFICATION_REQUESTED, account.id());
        if (!old.equals(fresh)) {
            AuthApi.verifyEmail(account.email(), old).then().statusCode(400);
        }
        AuthApi.verifyEmail(account.email(), fresh).then().statusCode(200);
    }

    @Test
    void resendsAreThrottledPerAddressAlikeForKnownAndUnknownAddresses() {
        String unknown = AuthApi.uniqueEmail("nobody");
        String answer = AuthApi.resendVerification(unknown).then().statusCode(202).extract().asString();
        AuthApi.resendVerification(unknown).then().statusCode(429)
                .contentType(startsWith("application/problem+json"))
                .header("Retry-After", notNullValue());

        AuthApi.Account account = AuthApi.registerUnverified(AuthApi.uniqueEmail("eager"), AuthApi.strongPassword());
        assertEquals(answer, AuthApi.resendVerification(account.email()).then().statusCode(202).extract().asString(),
                "the answer does not tell whether the address has an account");
        AuthApi.resendVerification(account.email()).then().statusCode(429).header("Retry-After", notNullValue());
        assertEquals(1, AuthApi.userEvents(redis, EventType.EMAIL_VERIFICATION_REQUESTED.wireName(), account.id()).size());
    }

    @Test
    void resendsArePerAddressCappedPerHour() {
        String email = AuthApi.uniqueEmail("flood");
        for (int i = 0; i < 5; i++) {
            afterTheResendInterval(email);
            AuthApi.resendVerification(email).then().statusCode(202);
        }
        afterTheResendInterval(email);
        AuthApi.resendVerification(email).then().statusCode(429).header("Retry-After", notNullValue());
    }

    @Test
    void aVerifiedAccountIsSentNoCode() {
        AuthApi.Account account = AuthApi.newCustomer();
        afterTheResendInterval(account.email());
        AuthApi.resendVerification(account.email()).then().statusCode(202);
        assertEquals(0, AuthApi.userEvents(redis, EventType.EMAIL_VERIFICATION_REQUESTED.wireName(), account.id()).size());
        AuthApi.audit("EMAIL_VERIFICATION_REQUESTED", account.id()).then().statusCode(200)
                .body("items.detail", hasItem("already verified"));
    }

    @Test
    void aPasswordResetByMailedCodeVerifiesTheAddress() {
        AuthApi.Account account = AuthApi.registerUnverified(AuthApi.uniqueEmail("resetter"), AuthApi.strongPassword());
        AuthApi.requestResetCode(account.email()).then().statusCode(202);
        String newPassword = AuthApi.strongPassword();
        AuthApi.confirmReset(account.email(), AuthApi.latestCode(EventType.PASSWORD_RESET_REQUESTED, account.id()),
                newPassword).then().statusCode(200);
        assertEquals(Boolean.TRUE, payload(EventType.PASSWORD_CHANGED, account.id()).emailVerified());
        AuthApi.tokens(account.email(), newPassword);
    }

    @Test
    void anAccountStoredBeforeVerificationCountsAsVerified() {
        AuthApi.Account account = AuthApi.registerUnverified(AuthApi.uniqueEmail("legacy"), AuthApi.strongPassword());
        mongo.getDatabase("auth").getCollection("users").updateOne(new Document("_id", account.id()),
                new Document("$unset", new Document("emailVerified", "")));
        given().auth().oauth2(AuthApi.tokens(account).access()).when().get("/v1/user").then().statusCode(200)
                .body("emailVerified", equalTo(true));
    }

    @Test
    void aCodeForAnUnknownAccountGetsTheSameAnswerAsAWrongOne() {
        AuthApi.Account account = AuthApi.registerUnverified(AuthApi.uniqueEmail("same"), AuthApi.strongPassword());
        String code = AuthApi.latestCode(EventType.USER_REGISTERED, account.id());
        String wrong = code.equals("000000") ? "111111" : "000000";
        String known = AuthApi.verifyEmail(account.email(), wrong).then().statusCode(400).extract().asString();
        String unknown = AuthApi.verifyEmail(AuthApi.uniqueEmail("ghost"), wrong).then().statusCode(400).extract().asString();
        assertEquals(known, unknown);
        String verified = AuthApi.verifyEmail(AuthApi.newCustomer().email(), wrong).then().statusCode(400).extract().asString();
        assertEquals(known, verified);
    }

    @Test
    void malformedRequestsNameTheField() {
        for (Map<String, Object> body : List.<Map<String, Object>>of(Map.of("email", "a@example.com", "code", "12ab56"),
                Map.of("email", "a@example.com", "code", "1234567"), Map.of("email", "a@example.com"))) {
            given().contentType(ContentType.JSON).body(body).when().post("/v1/user/verify-email").then().statusCode(400)
                    .contentType(startsWith("application/problem+json")).body("errors.field", hasItem("code"));
        }
        given().contentType(ContentType.JSON).body(Map.of("email", "not-an-email", "code", "123456"))
                .when().post("/v1/user/verify-email").then().statusCode(400).body("errors.field", hasItem("email"));
        given().contentType(ContentType.JSON).body(Map.of("email", Map.of("$ne", "")))
                .when().post("/v1/user/verify-email/resend").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of())
                .when().post("/v1/user/verify-email/resend").then().statusCode(400).body("errors.field", hasItem("email"));
    }

    @Test
    void seededAccountsAreVerified() {
        given().auth().oauth2(AuthApi.adminTokens().access()).when().get("/v1/user").then().statusCode(200)
                .body("emailVerified", equalTo(true));
    }

    private void afterTheResendInterval(String email) {
        redis.key().del("auth:verify:interval:" + email.toLowerCase());
    }

    private String lastEnvelope(EventType type, String userId) {
        List<Map<String, String>> events = AuthApi.userEvents(redis, type.wireName(), userId);
        assertNotEquals(0, events.size(), "no " + type.wireName());
        return events.get(events.size() - 1).get("envelope");
    }

    private UserEvents.Payload payload(EventType type, String userId) {
        return Envelopes.payload(json, Envelopes.read(json, lastEnvelope(type, userId)), UserEvents.Payload.class);
    }
}
