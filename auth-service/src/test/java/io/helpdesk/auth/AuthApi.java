package io.helpdesk.auth;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.helpdesk.platform.contracts.Channels;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** The calls the auth tests make again and again, through the public API. */
final class AuthApi {

    private AuthApi() {
    }

    record Account(String id, String email, String password) {
    }

    record Tokens(String access, String refresh) {
    }

    static String uniqueEmail(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** A password strong enough for the policy, different each time. */
    static String strongPassword() {
        return "Vx9#" + UUID.randomUUID().toString().replace("-", "").substring(0, 14) + "!q";
    }

    static Account register(String email, String password) {
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "name", "Ada Lovelace", "password", password))
                .when().post("/v1/user")
                .then().statusCode(201).extract().path("id");
        return new Account(id, email.trim().toLowerCase(), password);
    }

    static Account newCustomer() {
        return register(uniqueEmail("customer"), strongPassword());
    }

    static Response login(String email, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                .when().post("/v1/user/login");
    }

    static Tokens tokens(Account account) {
        return tokens(account.email(), account.password());
    }

    static Tokens tokens(String email, String password) {
        Response response = login(email, password);
        response.then().statusCode(200);
        return new Tokens(response.path("accessToken"), response.path("refreshToken"));
    }

    static Response refresh(String refreshToken) {
        return given().contentType(ContentType.JSON).body(Map.of("refreshToken", refreshToken))
                .when().post("/v1/tokens/refresh");
    }

    /** The session a refresh token belongs to: its part before the dot. */
    static String sessionId(Tokens tokens) {
        return tokens.refresh().substring(0, tokens.refresh().indexOf('.'));
    }

    static Response requestResetCode(String email) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email)).when().post("/v1/user/reset-password");
    }

    static Response confirmReset(String email, String code, String newPassword) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "otp", code, "newPassword", newPassword))
                .when().patch("/v1/user/reset-password");
    }

    static int profileStatus(String accessToken) {
        return given().auth().oauth2(accessToken).when().get("/v1/user").then().extract().statusCode();
    }

    static Tokens adminTokens() {
        return tokens("first-admin@test.local", "first-admin-password-for-tests");
    }

    static String adminId() {
        return given().auth().oauth2(adminTokens().access()).when().get("/v1/user").then().statusCode(200)
                .extract().path("id");
    }

    /** The audit entries of one type about one user, newest first, as an administrator reads them. */
    static Response audit(String type, String userId) {
        return given().auth().oauth2(adminTokens().access()).queryParam("type", type).queryParam("userId", userId)
                .when().get("/v1/admin/audit");
    }

    /** The events of one type about one user on events.users, oldest first. */
    static List<Map<String, String>> userEvents(RedisDataSource redis, String type, String userId) {
        List<StreamMessage<String, String, String>> all = redis.stream(String.class)
                .xrange(Channels.USERS_STREAM, StreamRange.of("-", "+"));
        return all.stream().map(StreamMessage::payload)
                .filter(p -> type.equals(p.get("type")) && p.get("envelope").contains("\"subject\":\"" + userId + "\""))
                .toList();
    }
}
