package io.helpdesk.auth;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.helpdesk.platform.contracts.Channels;
import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.contracts.Sealer;
import io.helpdesk.platform.contracts.UserEvents;
import io.helpdesk.platform.events.Envelopes;
import io.helpdesk.platform.events.EventEnvelope;
import io.helpdesk.platform.testing.TestStreams;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** The calls the auth tests make again and again, through the public API. */
final class AuthApi {

    /** The key the service under test seals codes with (the public dev/test one). */
    private static final Sealer SEALER = Sealer.fromBase64(
            ConfigProvider.getConfig().getValue("helpdesk.events.sealing-key", String.class));
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule()).build();

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

    /** Signs up and verifies the address with the code the sign-up mailed, as the user would: ready to log in. */
    static Account register(String email, String password) {
        Account account = registerUnverified(email, password);
        verifyEmail(account.email(), latestCode(EventType.USER_REGISTERED, account.id())).then().statusCode(200);
        return account;
    }

    /** Signs up only: the account cannot log in until its address is verified. */
    static Account registerUnverified(String email, String password) {
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "name", "Ada Lovelace", "password", password))
                .when().post("/v1/user")
                .then().statusCode(201).extract().path("id");
        return new Account(id, email.trim().toLowerCase(), password);
    }

    static Response verifyEmail(String email, String code) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "code", code))
                .when().post("/v1/user/verify-email");
    }

    static Response resendVerification(String email) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email))
                .when().post("/v1/user/verify-email/resend");
    }

    /**
     * What the notification-service does: the newest event of the type about the user on events.users,
     * its sealed code (or invitation token) opened with the dev/test key. Read over a connection of the
     * test's own, so it works against the packaged jar too.
     */
    static String latestCode(EventType type, String userId) {
        List<String> envelopes = TestStreams.entries(Channels.USERS_STREAM).stream()
                .filter(e -> type.wireName().equals(e.get("type")) && e.get("envelope").contains("\"subject\":\"" + userId + "\""))
                .map(e -> e.get("envelope")).toList();
        if (envelopes.isEmpty()) {
            throw new AssertionError("No " + type.wireName() + " event about " + userId);
        }
        EventEnvelope envelope = Envelopes.read(JSON, envelopes.get(envelopes.size() - 1));
        return SEALER.open(Envelopes.payload(JSON, envelope, UserEvents.Payload.class).otpSealed());
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
