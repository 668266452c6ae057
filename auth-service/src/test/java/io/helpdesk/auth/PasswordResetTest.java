package io.helpdesk.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
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

import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.events.EventEnvelope;
import io.helpdesk.platform.contracts.Sealer;
import io.helpdesk.platform.contracts.UserEvents;
import io.helpdesk.platform.events.Envelopes;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    ObjectMapper json;

    @Test
    void theAnswerIsTheSameWhetherOrNotTheAccountExists() {
        AuthApi.Account account = AuthApi.newCustomer();
        String known = AuthApi.requestResetCode(account.email()).then().statusCode(202).extract().asString();
        String unknown = AuthApi.requestResetCode(AuthApi.uniqueEmail("ghost")).then().statusCode(202).extract().asString();
        assertEquals(known, unknown);
    }

    @Test
    void theMailedCodeResetsThePasswordAndRevokesEveryOldToken() {
        AuthApi.Account account = AuthApi.newCustomer();
        AuthApi.Tokens before = AuthApi.tokens(account);
        AuthApi.requestResetCode(account.email()).then().statusCode(202);
        String code = latestCode(account.id());

        Document stored = otps().find(new Document("_id", account.id())).first();
        assertFalse(stored.toJson().contains(code), "the code is stored only as a hash");

        String newPassword = AuthApi.strongPassword();
        AuthApi.confirmReset(account.email(), code, newPassword).then().statusCode(200);

        assertEquals(401, AuthApi.profileStatus(before.access()), "old access token refused");
        AuthApi.refresh(before.refresh()).then().statusCode(401);
        AuthApi.login(account.email(), account.password()).then().statusCode(401);
        AuthApi.Tokens after = AuthApi.tokens(account.email(), newPassword);
        assertEquals(200, AuthApi.profileStatus(after.access()), "a token issued after the reset works");
        assertEquals(1, AuthApi.userEvents(redis, EventType.PASSWORD_CHANGED.wireName(), account.id()).size());

        AuthApi.confirmReset(account.email(), code, AuthApi.strongPassword()).then().statusCode(400);
    }

    @Test
    void fiveWrongCodesKillTheCode() {
        AuthApi.Account account = AuthApi.newCustomer();
        AuthApi.requestResetCode(account.email());
        String code = latestCode(account.id());
        String wrong = wrongCode(code);
        for (int i = 0; i < 5; i++) {
            AuthApi.confirmReset(account.email(), wrong, AuthApi.strongPassword()).then().statusCode(400);
        }
        AuthApi.confirmReset(account.email(), code, AuthApi.strongPassword()).then().statusCode(400);
        AuthApi.login(account.email(), account.password()).then().statusCode(200);
    }

    @Test
    void anExpiredCodeIsRefused() {
        AuthApi.Account account = AuthApi.newCustomer();
        AuthApi.requestResetCode(account.email());
        String code = latestCode(account.id());
        otps().updateOne(new Document("_id", account.id()),
                new Document("$set", new Document("expiresAt", Instant.now().minusSeconds(1))));
        AuthApi.confirmReset(account.email(), code, AuthApi.strongPassword()).then().statusCode(400);
    }

    @Test
    void aResendWithinTheMinuteSendsNothingNew() {
        AuthApi.Account account = AuthApi.newCustomer();
        AuthApi.requestResetCode(account.email()).then().statusCode(202);
        AuthApi.requestResetCode(account.email()).then().statusCode(202);
        assertEquals(1, AuthApi.userEvents(redis, EventType.PASSWORD_RESET_REQUESTED.wireName(), account.id()).size());
    }

    @Test
    void aWeakNewPasswordIsRefusedWithoutSpendingTheCode() {
        AuthApi.Account account = AuthApi.newCustomer();
        AuthApi.requestResetCode(account.email());
        String code = latestCode(account.id());
        AuthApi.confirmReset(account.email(), code, "password").then().statusCode(400).body("errors[0].field", equalTo("newPassword"));
        AuthApi.confirmReset(account.email(), code, AuthApi.strongPassword()).then().statusCode(200);
    }

    @Test
    void malformedCodesAreBadInput() {
        given().contentType(ContentType.JSON)
                .body(Map.of("email", "a@example.com", "otp", "12ab56", "newPassword", AuthApi.strongPassword()))
                .when().patch("/v1/user/reset-password").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItem("otp"));
    }

    @Test
    void aConfirmationAnswersTheSameForUnknownAndExistingAccountsWhateverThePassword() {
        AuthApi.Account withCode = AuthApi.newCustomer();
        AuthApi.requestResetCode(withCode.email()).then().statusCode(202);
        String wrong = wrongCode(latestCode(withCode.id()));
        AuthApi.Account withoutCode = AuthApi.newCustomer();
        String unknown = AuthApi.uniqueEmail("ghost");

        for (String password : List.of("password", withCode.email(), AuthApi.strongPassword())) {
            String expected = AuthApi.confirmReset(unknown, wrong, password).then().statusCode(400)
                    .contentType(startsWith("application/problem+json"))
                    .body("errors", nullValue()).extract().asString();
            for (AuthApi.Account account : List.of(withCode, withoutCode)) {
                String answer = AuthApi.confirmReset(account.email(), wrong, password).then().statusCode(400)
                        .extract().asString();
                assertEquals(expected, answer, "password " + password + ", account " + account.email());
            }
        }
    }

    @Test
    void theRightCodeWithARefusedPasswordDoesNotSpendATry() {
        AuthApi.Account account = AuthApi.newCustomer();
        AuthApi.requestResetCode(account.email());
        String code = latestCode(account.id());
        for (int i = 0; i < 4; i++) {
            AuthApi.confirmReset(account.email(), wrongCode(code), AuthApi.strongPassword()).then().statusCode(400);
        }
        AuthApi.confirmReset(account.email(), code, "password").then().statusCode(400)
                .body("errors[0].field", equalTo("newPassword"));
        AuthApi.confirmReset(account.email(), code, AuthApi.strongPassword()).then().statusCode(200);
    }

    @Test
    void codesArePerAccountCappedPerHourAndTheAnswerStaysTheSame() {
        AuthApi.Account account = AuthApi.newCustomer();
        String first = AuthApi.requestResetCode(account.email()).then().statusCode(202).extract().asString();
        for (int i = 1; i < 5; i++) {
            requestAfterTheResendInterval(account).then().statusCode(202);
        }
        String capped = requestAfterTheResendInterval(account).then().statusCode(202).extract().asString();

        assertEquals(first, capped);
        assertEquals(5, AuthApi.userEvents(redis, EventType.PASSWORD_RESET_REQUESTED.wireName(), account.id()).size());
        AuthApi.audit("PASSWORD_RESET_REQUESTED", account.id()).then().statusCode(200)
                .body("items.detail", hasItem("hourly limit of codes reached"));
    }

    @Test
    void codesArePerAccountCappedPerDay() {
        AuthApi.Account account = AuthApi.newCustomer();
        for (int i = 0; i < 11; i++) {
            if (i == 5 || i == 10) {
                redis.key().del("auth:otp:hour:" + account.id()); // an hour went by
            }
            requestAfterTheResendInterval(account).then().statusCode(202);
        }

        assertEquals(10, AuthApi.userEvents(redis, EventType.PASSWORD_RESET_REQUESTED.wireName(), account.id()).size());
        AuthApi.audit("PASSWORD_RESET_REQUESTED", account.id()).then().statusCode(200)
                .body("items.detail", hasItem("daily limit of codes reached"));
    }

    @Test
    void everyRequestIsAuditedAndAnIssuedCodeApart() {
        AuthApi.Account account = AuthApi.newCustomer();
        AuthApi.requestResetCode(account.email()).then().statusCode(202);
        AuthApi.requestResetCode(account.email()).then().statusCode(202);

        AuthApi.audit("PASSWORD_RESET_CODE_ISSUED", account.id()).then().statusCode(200)
                .body("items.size()", equalTo(1));
        AuthApi.audit("PASSWORD_RESET_REQUESTED", account.id()).then().statusCode(200)
                .body("items.detail", containsInAnyOrder("code issued", "a code was sent within the resend interval"));
    }

    /** What the notification-service will do: read the event and open the sealed code. */
    private String latestCode(String userId) {
        List<Map<String, String>> requested = AuthApi.userEvents(redis, EventType.PASSWORD_RESET_REQUESTED.wireName(), userId);
        EventEnvelope envelope = Envelopes.read(json, requested.get(requested.size() - 1).get("envelope"));
        assertFalse(requested.get(requested.size() - 1).get("envelope").matches(".*\"otp\"\\s*:.*"), "no plain code");
        String code = sealer.open(Envelopes.payload(json, envelope, UserEvents.Payload.class).otpSealed());
        assertTrue(code.matches("[0-9]{6}"), code);
        return code;
    }

    /** As if the resend interval had passed: the next request may issue a code. */
    private io.restassured.response.Response requestAfterTheResendInterval(AuthApi.Account account) {
        redis.key().del("auth:otp:resend:" + account.id());
        return AuthApi.requestResetCode(account.email());
    }

    private static String wrongCode(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }

    private com.mongodb.client.MongoCollection<Document> otps() {
        return mongo.getDatabase("auth").getCollection("otps");
    }
}
