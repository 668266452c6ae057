package io.helpdesk.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.helpdesk.platform.contracts.EventType;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * With the loopback named in HTTP_TRUSTED_PROXIES, the client's address is the one the proxy puts in
 * X-Forwarded-For: each client has its own login limit, and the audit log records it.
 */
@QuarkusTest
@TestProfile(BehindProxyProfile.class)
class ClientAddressBehindProxyTest {

    @Inject
    RedisDataSource redis;

    @AfterEach
    void forgetTheAddresses() {
        String[] keys = redis.key().keys("auth:login:ip:*").toArray(String[]::new);
        if (keys.length > 0) {
            redis.key().del(keys);
        }
    }

    @Test
    void eachForwardedAddressHasItsOwnLoginLimit() {
        for (int i = 0; i < BehindProxyProfile.PER_IP_LIMIT; i++) {
            loginForwardedFor("203.0.113.10").then().statusCode(401);
        }
        loginForwardedFor("203.0.113.10").then().statusCode(429).header("Retry-After", notNullValue());

        loginForwardedFor("203.0.113.20").then().statusCode(401);
    }

    @Test
    void theAuditLogRecordsTheForwardedAddress() {
        String email = AuthApi.uniqueEmail("proxied");
        String userId = given().header("X-Forwarded-For", "198.51.100.7").contentType(ContentType.JSON)
                .body(Map.of("email", email, "name", "Ada Lovelace", "password", AuthApi.strongPassword()))
                .when().post("/v1/user").then().statusCode(201).extract().path("id");
        // A staff role needs a proven address.
        AuthApi.verifyEmail(email, AuthApi.latestCode(EventType.USER_REGISTERED, userId)).then().statusCode(200);
        String admin = AuthApi.adminTokens().access();
        given().auth().oauth2(admin).header("X-Forwarded-For", "198.51.100.8").contentType(ContentType.JSON)
                .body(Map.of("role", "AGENT"))
                .when().put("/v1/admin/users/" + userId + "/role").then().statusCode(200);
        given().header("X-Forwarded-For", "198.51.100.9").contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", "test-client").formParam("client_secret", "test-client-secret")
                .when().post("/v1/tokens").then().statusCode(200);

        given().auth().oauth2(admin).queryParam("userId", userId).when().get("/v1/admin/audit").then().statusCode(200)
                .body("items.find { it.type == 'USER_REGISTERED' }.ip", equalTo("198.51.100.7"))
                .body("items.find { it.type == 'ROLE_CHANGED' }.ip", equalTo("198.51.100.8"));
        given().auth().oauth2(admin).queryParam("type", "SERVICE_TOKEN_ISSUED").when().get("/v1/admin/audit").then()
                .statusCode(200).body("items.ip", hasItem("198.51.100.9"));
    }

    @Test
    void aForwardedValueThatIsNoAddressIsRecordedAsTheProxy() {
        String userId = given().header("X-Forwarded-For", "unknown").contentType(ContentType.JSON)
                .body(Map.of("email", AuthApi.uniqueEmail("hidden"), "name", "Ada Lovelace",
                        "password", AuthApi.strongPassword()))
                .when().post("/v1/user").then().statusCode(201).extract().path("id");

        given().auth().oauth2(AuthApi.adminTokens().access()).queryParam("userId", userId)
                .when().get("/v1/admin/audit").then().statusCode(200)
                .body("items.find { it.type == 'USER_REGISTERED' }.ip", equalTo("127.0.0.1"));
    }

    @Test
    void theForwardedHeaderIsNotReadEvenFromTheProxy() {
        // ingress-nginx overwrites X-Forwarded-For but passes a client's own Forwarded header through.
        for (int i = 0; i < BehindProxyProfile.PER_IP_LIMIT; i++) {
            given().header("Forwarded", "for=192.0.2." + i).contentType(ContentType.JSON)
                    .body(Map.of("email", AuthApi.uniqueEmail("spray"), "password", "any-password-at-all"))
                    .when().post("/v1/user/login").then().statusCode(401);
        }
        given().header("Forwarded", "for=192.0.2.99").contentType(ContentType.JSON)
                .body(Map.of("email", AuthApi.uniqueEmail("spray"), "password", "any-password-at-all"))
                .when().post("/v1/user/login").then().statusCode(429);
    }

    private static Response loginForwardedFor(String address) {
        return given().header("X-Forwarded-For", address).contentType(ContentType.JSON)
                .body(Map.of("email", AuthApi.uniqueEmail("spray"), "password", "any-password-at-all"))
                .when().post("/v1/user/login");
    }
}
