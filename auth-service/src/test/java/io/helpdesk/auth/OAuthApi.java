package io.helpdesk.auth;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** The OAuth 2.0 endpoints as a standard client calls them: form-encoded. */
final class OAuthApi {

    static final String CLIENT = "test-client";
    static final String SECRET = "test-client-secret";

    private OAuthApi() {
    }

    static RequestSpecification form() {
        return given().contentType(ContentType.URLENC.withCharset(StandardCharsets.UTF_8));
    }

    /** The form with the registered test client's credentials in HTTP Basic. */
    static RequestSpecification asClient() {
        return form().header("Authorization", basic(CLIENT, SECRET));
    }

    static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    static Response password(String username, String password) {
        return form().formParam("grant_type", "password").formParam("username", username).formParam("password", password)
                .when().post("/v1/tokens");
    }

    static Response refresh(String refreshToken) {
        return form().formParam("grant_type", "refresh_token").formParam("refresh_token", refreshToken)
                .when().post("/v1/tokens");
    }

    static Response introspect(String token) {
        return asClient().formParam("token", token).when().post("/v1/tokens/introspect");
    }

    static Response revoke(String token) {
        return form().formParam("token", token).when().post("/v1/tokens/revoke");
    }
}
