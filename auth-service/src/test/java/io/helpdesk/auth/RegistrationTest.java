package io.helpdesk.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;

import org.awaitility.Awaitility;

import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.testing.DevServicesSwitch;
import io.helpdesk.platform.testing.RedisTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class RegistrationTest {

    @Inject
    MongoClient mongo;

    @Inject
    RedisDataSource redis;

    @Test
    void registersACustomerAndNeverReturnsTheHash() {
        String email = AuthApi.uniqueEmail("ada");
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "name", "Ada Lovelace", "password", AuthApi.strongPassword(),
                        "phone", "+44 20 7946 0000", "company", "Analytical Engines",
                        "address", Map.of("city", "London", "country", "GB")))
                .when().post("/v1/user")
                .then().statusCode(201)
                .header("Location", startsWith("http"))
                .body("email", equalTo(email))
                .body("role", equalTo("CUSTOMER"))
                .body("company", equalTo("Analytical Engines"))
                .body("address.city", equalTo("London"))
                .body("$", not(hasKey("passwordHash")))
                .body("$", not(hasKey("password")))
                .extract().path("id");

        Document stored = users().find(new Document("_id", id)).first();
        assertTrue(stored.getString("passwordHash").startsWith("$argon2id$"), "Argon2id hash");
    }

    @Test
    void aRoleInTheBodyIsIgnored() {
        given().contentType(ContentType.JSON)
                .body(Map.of("email", AuthApi.uniqueEmail("mallory"), "name", "Mallory",
                        "password", AuthApi.strongPassword(), "role", "ADMIN"))
                .when().post("/v1/user")
                .then().statusCode(201).body("role", equalTo("CUSTOMER"));
    }

    @Test
    void aDuplicateEmailIs409InAnyLetterCase() {
        String email = AuthApi.uniqueEmail("grace");
        AuthApi.register(email, AuthApi.strongPassword());
        given().contentType(ContentType.JSON)
                .body(Map.of("email", email.toUpperCase(), "name", "Grace", "password", AuthApi.strongPassword()))
                .when().post("/v1/user")
                .then().statusCode(409).contentType(startsWith("application/problem+json"));
    }

    @Test
    void concurrentSignUpsWithOneEmailCreateOneAccount() throws Exception {
        String email = AuthApi.uniqueEmail("race");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> attempts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String variant = i % 2 == 0 ? email : email.toUpperCase();
                attempts.add(() -> given().contentType(ContentType.JSON)
                        .body(Map.of("email", variant, "name", "Racer", "password", AuthApi.strongPassword()))
                        .when().post("/v1/user").then().extract().statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : pool.invokeAll(attempts)) {
                statuses.add(status.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
            assertEquals(7, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
            assertEquals(1, users().countDocuments(new Document("email", email)));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void weakPasswordsAreRefusedNamingTheField() {
        for (String weak : List.of("short1!", "password1234", "qwertyuiopasdf", "aaaaaaaaaaaaaaaa")) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("email", AuthApi.uniqueEmail("weak"), "name", "Weak", "password", weak))
                    .when().post("/v1/user")
                    .then().statusCode(400)
                    .contentType(startsWith("application/problem+json"))
                    .body("errors.field", containsInAnyOrder("password"));
        }
    }

    @Test
    void missingAndMalformedFieldsAreListed() {
        given().contentType(ContentType.JSON).body("{\"email\":\"not-an-email\",\"phone\":\"<script>\"}")
                .when().post("/v1/user")
                .then().statusCode(400)
                .body("errors.field", containsInAnyOrder("email", "name", "password", "phone"));
    }

    @Test
    void queryOperatorsInJsonFieldsAreRefused() {
        given().contentType(ContentType.JSON)
                .body("{\"email\":{\"$ne\":null},\"name\":\"x\",\"password\":\"" + AuthApi.strongPassword() + "\"}")
                .when().post("/v1/user")
                .then().statusCode(400).body("errors.field", hasItem("email"));
        given().contentType(ContentType.JSON).body("{\"email\":{\"$gt\":\"\"},\"password\":{\"$ne\":null}}")
                .when().post("/v1/user/login")
                .then().statusCode(400);
    }

    @Test
    void announcesTheNewAccountOnTheUsersStream() {
        AuthApi.Account account = AuthApi.newCustomer();
        List<Map<String, String>> events = AuthApi.userEvents(redis, EventType.USER_REGISTERED.wireName(), account.id());
        assertEquals(1, events.size());
        assertTrue(events.get(0).get("envelope").contains("\"email\":\"" + account.email() + "\""));
        assertTrue(!events.get(0).get("envelope").contains("argon2"), "no hash in events");
        assertEquals(0, users().find(new Document("_id", account.id())).first().getList("outbox", Object.class).size(),
                "the outbox is emptied once published");
    }

    @Test
    void anEventWhosePublishFailedStillGoesOutAfterwards() {
        assumeFalse(DevServicesSwitch.enabled(), "needs to stop Redis");
        AuthApi.Account account;
        RedisTestResource.stopServer();
        try {
            // The account is written with its event in the same document; the publish fails.
            account = AuthApi.registerUnverified(AuthApi.uniqueEmail("outage"), AuthApi.strongPassword());
            Document stored = users().find(new Document("_id", account.id())).first();
            assertEquals(1, stored.getList("outbox", Object.class).size(), "the event waits in the outbox");
        } finally {
            RedisTestResource.startServer();
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertEquals(1, AuthApi.userEvents(redis, EventType.USER_REGISTERED.wireName(), account.id()).size()));
        assertEquals(0, users().find(new Document("_id", account.id())).first().getList("outbox", Object.class).size());
    }

    private com.mongodb.client.MongoCollection<Document> users() {
        return mongo.getDatabase("auth").getCollection("users");
    }
}
