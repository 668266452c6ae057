package io.helpdesk.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * With no trusted proxy configured (the default), the address is the connection's own: forwarding
 * headers a client sends itself change neither its login limit nor what the audit log records.
 */
@QuarkusTest
@TestProfile(ReconfiguredAuthProfile.class)
class ClientAddressWithoutProxyTest {

    @Inject
    RedisDataSource redis;

    @AfterEach
    void forgetTheAddress() {
        String[] keys = redis.key().keys("auth:login:ip:*").toArray(String[]::new);
        if (keys.length > 0) {
            redis.key().del(keys);
        }
    }

    @Test
    void forwardingHeadersFromAClientDoNotEscapeItsLoginLimit() {
        for (int i = 0; i < ReconfiguredAuthProfile.PER_IP_LIMIT; i++) {
            spoofing(i).contentType(ContentType.JSON)
                    .body(Map.of("email", AuthApi.uniqueEmail("spray"), "password", "any-password-at-all"))
                    .when().post("/v1/user/login").then().statusCode(401);
        }
        spoofing(99).contentType(ContentType.JSON)
                .body(Map.of("email", AuthApi.uniqueEmail("spray"), "password", "any-password-at-all"))
                .when().post("/v1/user/login").then().statusCode(429);
    }

    @Test
    void theAuditLogRecordsTheConnectionsAddress() {
        String email = AuthApi.uniqueEmail("spoofer");
        String userId = spoofing(1).contentType(ContentType.JSON)
                .body(Map.of("email", email, "name", "Ada Lovelace", "password", AuthApi.strongPassword()))
                .when().post("/v1/user").then().statusCode(201).extract().path("id");
        spoofing(2).contentType(ContentType.JSON).body(Map.of("email", email, "password", "a-wrong-password"))
                .when().post("/v1/user/login").then().statusCode(401);

        given().auth().oauth2(AuthApi.adminTokens().access()).queryParam("userId", userId)
                .when().get("/v1/admin/audit").then().statusCode(200)
                .body("items.type", hasItems("USER_REGISTERED", "LOGIN_FAILED"))
                .body("items.ip", everyItem(equalTo("127.0.0.1")));
    }

    private static RequestSpecification spoofing(int client) {
        return given().header("X-Forwarded-For", "203.0.113." + client)
                .header("Forwarded", "for=198.51.100." + client)
                .header("X-Real-IP", "192.0.2." + client);
    }
}
