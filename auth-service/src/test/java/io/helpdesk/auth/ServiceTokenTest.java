package io.helpdesk.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class ServiceTokenTest {

    @Test
    void aConfiguredClientGetsAServiceToken() {
        String token = given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", "test-client").formParam("client_secret", "test-client-secret")
                .when().post("/v1/tokens").then().statusCode(200)
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(600))
                .body("access_token", notNullValue())
                .extract().path("access_token");
        JsonPath claims = new JsonPath(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                StandardCharsets.UTF_8));
        assertEquals(List.of("SERVICE"), claims.getList("groups"));
        assertEquals("service:test-client", claims.getString("sub"));
    }

    @Test
    void basicAuthenticationWorksToo() {
        String basic = Base64.getEncoder().encodeToString("test-client:test-client-secret".getBytes(StandardCharsets.UTF_8));
        given().contentType("application/x-www-form-urlencoded").header("Authorization", "Basic " + basic)
                .formParam("grant_type", "client_credentials")
                .when().post("/v1/tokens").then().statusCode(200);
    }

    @Test
    void wrongSecretsUnknownClientsAndOtherGrantsAreRefused() {
        given().contentType("application/x-www-form-urlencoded").formParam("grant_type", "client_credentials")
                .formParam("client_id", "test-client").formParam("client_secret", "wrong")
                .when().post("/v1/tokens").then().statusCode(401);
        given().contentType("application/x-www-form-urlencoded").formParam("grant_type", "client_credentials")
                .formParam("client_id", "nobody").formParam("client_secret", "x")
                .when().post("/v1/tokens").then().statusCode(401);
        given().contentType("application/x-www-form-urlencoded").formParam("grant_type", "password")
                .formParam("client_id", "test-client").formParam("client_secret", "test-client-secret")
                .when().post("/v1/tokens").then().statusCode(400);
        given().contentType("application/json").body("{}").when().post("/v1/tokens").then().statusCode(415);
    }
}
