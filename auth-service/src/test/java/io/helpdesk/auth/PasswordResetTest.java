package io.helpdesk.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;

import io.helpdesk.auth.reset.PasswordResetService;
import io.helpdesk.auth.user.UserService;
import io.helpdesk.contracts.EventEnvelope;
import io.helpdesk.contracts.Sealer;
import io.helpdesk.platform.events.Events;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class PasswordResetTest {

    @Inject
    RedisDataSource redis;

    @Inject
    MongoClient mongo;

    @Inject
    Sealer sealer;

    @Inject
    Events events;

    @Test
    void theAnswerIsTheSameWhetherOrNotTheAccountExists() {
        AuthApi.Account account = AuthApi.newCustomer();
        String known = requestCode(account.email()).then().statusCode(202).extract().asString();
        String unknown = requestCode(AuthApi.uniqueEmail("ghost")).then().statusCode(202).extract().asString();
        assertEquals(known, unknown);
    }

    @Test
    void theMailedCodeResetsThePasswordAndRevokesEveryOldToken() {
        AuthApi.Account account = AuthApi.newCustomer();
        AuthApi.Tokens before = AuthApi.tokens(account);
        requestCode(account.email()).then().statusCode(202);
        String code = latestCode(account.id());

        Document stored = otps().find(new Document("_id", account.id())).first();
        assertFalse(stored.toJson().contains(code), "the code is stored only as a hash");

        String newPassword = AuthApi.strongPassword();
        confirm(account.email(), code, newPassword).then().statusCode(200);

        assertEquals(401, AuthApi.profileStatus(before.access()), "old access token refused");
        AuthApi.refresh(before.refresh()).then().statusCode(401);
        AuthApi.login(account.email(), account.password()).then().statusCode(401);
        AuthApi.Tokens after = AuthApi.tokens(account.email(), newPassword);
        assertEquals(200, AuthApi.profileStatus(after.access()), "a token issued after the reset works");
        assertEquals(1, AuthApi.userEvents(redis, UserService.PASSWORD_CHANGED, account.id()).size());

        confirm(account.email(), code, AuthApi.strongPassword()).then().statusCode(400);
    }

    @Test
    void fiveWrongCodesKillTheCode() {
        AuthApi.Account account = AuthApi.newCustomer();
        requestCode(account.email());
        String code = latestCode(account.id());
        String wrong = code.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 5; i++) {
            confirm(account.email(), wrong, AuthApi.strongPassword()).then().statusCode(400);
        }
        confirm(account.email(), code, AuthApi.strongPassword()).then().statusCode(400);
        AuthApi.login(account.email(), account.password()).then().statusCode(200);
    }

    @Test
    void anExpiredCodeIsRefused() {
        AuthApi.Account account = AuthApi.newCustomer();
        requestCode(account.email());
        String code = latestCode(account.id());
        otps().updateOne(new Document("_id", account.id()),
                new Document("$set", new Document("expiresAt", Instant.now().minusSeconds(1))));
        confirm(account.email(), code, AuthApi.strongPassword()).then().statusCode(400);
    }

    @Test
    void aResendWithinTheMinuteSendsNothingNew() {
        AuthApi.Account account = AuthApi.newCustomer();
        requestCode(account.email()).then().statusCode(202);
        requestCode(account.email()).then().statusCode(202);
        assertEquals(1, AuthApi.userEvents(redis, PasswordResetService.PASSWORD_RESET_REQUESTED, account.id()).size());
    }

    @Test
    void aWeakNewPasswordIsRefusedWithoutSpendingTheCode() {
        AuthApi.Account account = AuthApi.newCustomer();
        requestCode(account.email());
        String code = latestCode(account.id());
        confirm(account.email(), code, "password").then().statusCode(400).body("errors[0].field", equalTo("newPassword"));
        confirm(account.email(), code, AuthApi.strongPassword()).then().statusCode(200);
    }

    @Test
    void malformedCodesAreBadInput() {
        given().contentType(ContentType.JSON)
                .body(Map.of("email", "a@example.com", "otp", "12ab56", "newPassword", AuthApi.strongPassword()))
                .when().patch("/v1/user/reset-password").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItem("otp"));
    }

    /** What the notification-service will do: read the event and open the sealed code. */
    private String latestCode(String userId) {
        List<Map<String, String>> requested = AuthApi.userEvents(redis, PasswordResetService.PASSWORD_RESET_REQUESTED, userId);
        EventEnvelope envelope = events.read(requested.get(requested.size() - 1).get("envelope"));
        assertFalse(requested.get(requested.size() - 1).get("envelope").matches(".*\"otp\"\\s*:.*"), "no plain code");
        String code = sealer.open((String) envelope.payload().get("otpSealed"));
        assertTrue(code.matches("[0-9]{6}"), code);
        return code;
    }

    private static io.restassured.response.Response requestCode(String email) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email)).when().post("/v1/user/reset-password");
    }

    private static io.restassured.response.Response confirm(String email, String code, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "otp", code, "newPassword", password))
                .when().patch("/v1/user/reset-password");
    }

    private com.mongodb.client.MongoCollection<Document> otps() {
        return mongo.getDatabase("auth").getCollection("otps");
    }
}
