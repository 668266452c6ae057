package io.helpdesk.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.password4j.BcryptFunction;
import com.password4j.Password;
import com.password4j.types.Bcrypt;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class LoginTest {

    @Inject
    MongoClient mongo;

    @Test
    void loginGivesAPairWhoseAccessTokenOpensTheProfile() {
        AuthApi.Account account = AuthApi.newCustomer();
        Response login = AuthApi.login(account.email(), account.password());
        login.then().statusCode(200)
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", equalTo(900))
                .body("refreshExpiresIn", equalTo(30 * 24 * 3600))
                .body("refreshToken", notNullValue());

        given().auth().oauth2(login.<String> path("accessToken")).when().get("/v1/user")
                .then().statusCode(200)
                .body("id", equalTo(account.id()))
                .body("email", equalTo(account.email()));
    }

    @Test
    void unknownEmailAndWrongPasswordGetTheSameAnswer() {
        AuthApi.Account account = AuthApi.newCustomer();
        String wrongPassword = AuthApi.login(account.email(), "not-the-password-1").then().statusCode(401)
                .contentType(startsWith("application/problem+json")).extract().path("detail");
        String unknownEmail = AuthApi.login(AuthApi.uniqueEmail("nobody"), "not-the-password-1").then().statusCode(401)
                .extract().path("detail");
        assertEquals(wrongPassword, unknownEmail);
    }

    @Test
    void repeatedFailuresLockTheAccountFor429WithRetryAfter() {
        AuthApi.Account account = AuthApi.newCustomer();
        for (int i = 0; i < 5; i++) {
            AuthApi.login(account.email(), "wrong-password-" + i).then().statusCode(401);
        }
        AuthApi.login(account.email(), account.password()).then().statusCode(429)
                .contentType(startsWith("application/problem+json"))
                .header("Retry-After", notNullValue());
    }

    @Test
    void aSuccessForgetsTheFailuresBeforeIt() {
        AuthApi.Account account = AuthApi.newCustomer();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 4; i++) {
                AuthApi.login(account.email(), "wrong-password-" + i).then().statusCode(401);
            }
            AuthApi.login(account.email(), account.password()).then().statusCode(200);
        }
    }

    @Test
    void anAccountImportedWithABcryptHashLogsInAndIsUpgradedToArgon2id() {
        String email = AuthApi.uniqueEmail("legacy");
        String password = AuthApi.strongPassword();
        for (Bcrypt version : new Bcrypt[] { Bcrypt.A, Bcrypt.B }) {
            String legacy = Password.hash(password).with(BcryptFunction.getInstance(version, 10)).getResult();
            String id = UUID.randomUUID().toString();
            String address = version.name().toLowerCase() + "-" + email;
            users().insertOne(new Document("_id", id).append("email", address).append("name", "Legacy")
                    .append("passwordHash", legacy).append("role", "CUSTOMER").append("status", "ACTIVE")
                    .append("locale", "en").append("createdAt", Instant.now()).append("version", 1L)
                    .append("outbox", java.util.List.of()));
            assertTrue(legacy.startsWith("$2" + version.name().toLowerCase() + "$"), legacy);

            AuthApi.login(address, password).then().statusCode(200);

            String upgraded = users().find(new Document("_id", id)).first().getString("passwordHash");
            assertTrue(upgraded.startsWith("$argon2id$"), upgraded);
            AuthApi.login(address, password).then().statusCode(200);
        }
    }

    @Test
    void oversizedCredentialsAreRefusedAsBadInput() {
        given().contentType("application/json")
                .body(Map.of("email", "a".repeat(300) + "@example.com", "password", "x".repeat(5000)))
                .when().post("/v1/user/login").then().statusCode(400);
    }

    private com.mongodb.client.MongoCollection<Document> users() {
        return mongo.getDatabase("auth").getCollection("users");
    }
}
