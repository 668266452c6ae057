package io.helpdesk.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;


import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.ChatClient;
import io.helpdesk.platform.testing.ForgedTokens;
import io.helpdesk.platform.testing.TestTokens;
import io.restassured.path.json.JsonPath;
import io.smallrye.jwt.build.Jwt;

/**
 * The whole system under attack: forged, expired and revoked tokens at every service, one customer
 * reaching for another's data, role escalation, NoSQL operators in bodies and queries, oversized and
 * malformed bodies, WebSockets without a good token and CORS. The fuzzing is {@link FuzzSystemTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityBatterySystemTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private SystemStack stack;
    private Map<String, String> alice;
    private Map<String, String> bob;
    private String alicesTicket;
    private String adminId;
    private String admin;
    private String agent;

    @BeforeAll
    void start() {
        stack = SystemStack.shared();
        alice = stack.newCustomer("alice");
        bob = stack.newCustomer("bob");
        alicesTicket = stack.openTicket(alice.get("accessToken"), "Alice's private matter");
        admin = stack.admin();
        agent = stack.agent();
        adminId = given().auth().oauth2(admin).when().get(stack.url(SystemStack.AUTH) + "/v1/user").then().extract().path("id");
    }

    // --- tokens

    /** One protected read per service that an administrator may make. */
    private Map<String, String> protectedReads() {
        Map<String, String> reads = new LinkedHashMap<>();
        reads.put(SystemStack.AUTH, stack.url(SystemStack.AUTH) + "/v1/user");
        reads.put(SystemStack.TICKET, stack.url(SystemStack.TICKET) + "/v1/ticket");
        reads.put(SystemStack.ANALYTICS, stack.url(SystemStack.ANALYTICS) + "/v1/analytics/overview");
        reads.put(SystemStack.NOTIFICATION, stack.url(SystemStack.NOTIFICATION) + "/v1/notifications/preferences");
        reads.put(SystemStack.CHAT, stack.url(SystemStack.CHAT) + "/v1/chat/rooms/team:agents/messages");
        return reads;
    }

    private TestTokens adminToken() {
        return TestTokens.forUser(adminId).email("admin@helpdesk.local").role(Roles.ADMIN).issuer(stack.issuer());
    }

    @Test
    void everyServiceRefusesEveryForgedExpiredOrRevokedToken() throws Exception {
        String good = adminToken().sign();
        Map<String, String> attacks = new LinkedHashMap<>();
        attacks.put("garbage", "not.a.token");
        attacks.put("alg none", ForgedTokens.unsigned(good));
        attacks.put("HS256 keyed with the public key", ForgedTokens.hs256(good, ForgedTokens.publicKeyPem()));
        attacks.put("tampered payload", ForgedTokens.withPayload(good, ForgedTokens.payload(good).replace("\"" + adminId + "\"", "\"" + bob.get("id") + "\"")));
        attacks.put("role raised in a customer's token", ForgedTokens.withPayload(alice.get("accessToken"),
                ForgedTokens.payload(alice.get("accessToken")).replace("\"" + Roles.CUSTOMER + "\"", "\"" + Roles.ADMIN + "\"")));
        attacks.put("expired", adminToken().issuedAt(java.time.Instant.now().minus(Duration.ofHours(1)))
                .lifetime(Duration.ofMinutes(15)).sign());
        attacks.put("wrong issuer", adminToken().issuer("https://evil.example").sign());
        attacks.put("wrong audience", adminToken().audience("someone-else").sign());
        attacks.put("signed by another key with the same kid", signedByAnotherKey());
        attacks.put("revoked by logout", loggedOutToken());

        for (Map.Entry<String, String> read : protectedReads().entrySet()) {
            given().auth().oauth2(good).when().get(read.getValue()).then().statusCode(200); // the control: only the flaw differs
            given().when().get(read.getValue()).then().statusCode(401)
                    .contentType(startsWith("application/problem+json"));
            for (Map.Entry<String, String> attack : attacks.entrySet()) {
                int status = given().auth().oauth2(attack.getValue()).when().get(read.getValue()).then()
                        .extract().statusCode();
                assertEquals(401, status, read.getKey() + " accepted a token that is " + attack.getKey());
            }
        }
    }

    @Test
    void webSocketsWithoutOrWithBadTokensAreRefusedAtTheUpgrade() throws Exception {
        for (String instance : List.of(SystemStack.CHAT, SystemStack.CHAT_B)) {
            URI socket = URI.create(stack.chatSocket(instance));
            assertRefused(() -> HTTP.newWebSocketBuilder().buildAsync(socket, new java.net.http.WebSocket.Listener() {
            }).join());
            for (String bad : List.of("not.a.token", ForgedTokens.unsigned(adminToken().sign()), signedByAnotherKey(),
                    adminToken().issuedAt(java.time.Instant.now().minus(Duration.ofHours(1))).sign(), loggedOutToken())) {
                assertRefused(() -> ChatClient.connect(socket, bad));
            }
            try (ChatClient ok = ChatClient.connect(socket, alice.get("accessToken"))) {
                assertEquals("welcome", ok.next("welcome").getString("type"));
            }
        }
    }

    // --- one customer, another's data

    @Test
    void aCustomerCannotReachAnotherCustomersTicketSessionsOrChat() {
        String tickets = stack.url(SystemStack.TICKET) + "/v1/ticket/" + alicesTicket;
        String bobs = bob.get("accessToken");
        given().auth().oauth2(bobs).when().get(tickets).then().statusCode(404);
        given().auth().oauth2(bobs).contentType("application/json").body(Map.of("text", "Let me in"))
                .when().put(tickets).then().statusCode(404);
        given().auth().oauth2(bobs).when().patch(stack.url(SystemStack.TICKET) + "/v1/ticket/close-ticket/" + alicesTicket)
                .then().statusCode(404);
        given().auth().oauth2(bobs).when().delete(tickets).then().statusCode(404);
        given().auth().oauth2(bobs).when().get(tickets + "/watchers").then().statusCode(404);
        given().auth().oauth2(bobs).contentType("application/json").body(Map.of())
                .when().post(tickets + "/watchers").then().statusCode(404);
        given().auth().oauth2(bobs).when().get(tickets + "/attachments").then().statusCode(404);
        given().auth().oauth2(bobs).queryParam("q", "Alice's private matter").queryParam("total", true)
                .when().get(stack.url(SystemStack.TICKET) + "/v1/ticket").then().statusCode(200).body("total", is(0));

        String alicesSession = given().auth().oauth2(alice.get("accessToken"))
                .when().get(stack.url(SystemStack.AUTH) + "/v1/user/sessions").then().statusCode(200)
                .extract().path("[0].id");
        given().auth().oauth2(bobs).when().delete(stack.url(SystemStack.AUTH) + "/v1/user/sessions/" + alicesSession)
                .then().statusCode(404);
        given().auth().oauth2(alice.get("accessToken")).when().get(stack.url(SystemStack.AUTH) + "/v1/user")
                .then().statusCode(200);

        String room = "ticket:" + alicesTicket;
        given().auth().oauth2(bobs).when().get(stack.url(SystemStack.CHAT) + "/v1/chat/rooms/" + room + "/messages")
                .then().statusCode(404);
        try (ChatClient bobChat = ChatClient.connect(URI.create(stack.chatSocket(SystemStack.CHAT)), bobs)) {
            bobChat.send(Map.of("type", "join", "room", room));
            assertEquals("forbidden", bobChat.next("error").getString("code"));
            bobChat.send(Map.of("type", "join", "room", "dm:" + String.join(":", new java.util.TreeSet<>(List.of(alice.get("id"), adminId)))));
            assertEquals("forbidden", bobChat.next("error").getString("code"));
        }
        // and the owner still can
        given().auth().oauth2(alice.get("accessToken")).when().get(tickets).then().statusCode(200);
    }

    // --- role escalation

    @Test
    void nobodyRaisesTheirOwnRole() {
        String email = "climber-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        given().contentType("application/json")
                .body(Map.of("email", email, "name", "Climber", "password", "Climb-" + java.util.UUID.randomUUID(), "role", "ADMIN"))
                .when().post(stack.url(SystemStack.AUTH) + "/v1/user").then().statusCode(201).body("role", equalTo(Roles.CUSTOMER));

        String customer = alice.get("accessToken");
        String own = stack.url(SystemStack.TICKET) + "/v1/ticket/" + alicesTicket;
        for (String token : List.of(customer, agent)) {
            given().auth().oauth2(token).when().get(stack.url(SystemStack.AUTH) + "/v1/admin/users").then().statusCode(403)
                    .contentType(startsWith("application/problem+json"));
            given().auth().oauth2(token).contentType("application/json").body(Map.of("role", Roles.ADMIN))
                    .when().put(stack.url(SystemStack.AUTH) + "/v1/admin/users/" + alice.get("id") + "/role").then().statusCode(403);
            given().auth().oauth2(token).when().post(stack.url(SystemStack.ANALYTICS) + "/v1/analytics/rebuild").then().statusCode(403);
            given().auth().oauth2(token).when().get(stack.url(SystemStack.NOTIFICATION) + "/v1/notifications").then().statusCode(403);
            given().auth().oauth2(token).when().get(stack.url(SystemStack.TICKET) + "/v1/ticket/deleted").then().statusCode(403);
        }
        given().auth().oauth2(customer).contentType("application/json").body(Map.of("priority", "URGENT", "assigneeId", alice.get("id")))
                .when().patch(own).then().statusCode(403);
        given().auth().oauth2(customer).when().get(own + "/history").then().statusCode(403);
        given().auth().oauth2(customer).when().get(stack.url(SystemStack.ANALYTICS) + "/v1/analytics/overview").then().statusCode(403);
        given().auth().oauth2(customer).contentType("application/json")
                .body(Map.of("subject", "On behalf of Bob", "description", "x", "customerId", bob.get("id")))
                .when().post(stack.url(SystemStack.TICKET) + "/v1/ticket").then().statusCode(anyOf(is(400), is(403)));
        given().auth().oauth2(customer).contentType("application/json").body(Map.of("text", "A note", "internal", true))
                .when().put(own).then().statusCode(anyOf(is(400), is(403)));
        given().auth().oauth2(customer).when().get(stack.url(SystemStack.AUTH) + "/v1/user").then().statusCode(200)
                .body("role", equalTo(Roles.CUSTOMER));
    }

    // --- NoSQL operators

    @Test
    void noSqlOperatorsAreTakenAsDataNeverAsQueries() throws Exception {
        given().contentType("application/json").body("{\"email\":{\"$ne\":null},\"password\":{\"$ne\":null}}")
                .when().post(stack.url(SystemStack.AUTH) + "/v1/user/login").then().statusCode(400)
                .contentType(startsWith("application/problem+json"));
        given().contentType("application/json").body("{\"email\":\"admin@helpdesk.local\",\"password\":{\"$gt\":\"\"}}")
                .when().post(stack.url(SystemStack.AUTH) + "/v1/user/login").then().statusCode(400);
        given().contentType("application/json").body(Map.of("email", "{\"$ne\":null}", "password", "{\"$ne\":null}"))
                .when().post(stack.url(SystemStack.AUTH) + "/v1/user/login").then().statusCode(anyOf(is(400), is(401)));
        given().contentType("application/json").body("{\"refreshToken\":{\"$ne\":null}}")
                .when().post(stack.url(SystemStack.AUTH) + "/v1/tokens/refresh").then().statusCode(400);

        // Query parameters: the operators and regular expressions are literal text.
        given().auth().oauth2(admin).queryParam("q", ".*").queryParam("total", true)
                .when().get(stack.url(SystemStack.AUTH) + "/v1/admin/users").then().statusCode(200).body("total", is(0));
        given().auth().oauth2(bob.get("accessToken")).queryParam("q", "{\"$where\":\"sleep(5000)\"}").queryParam("total", true)
                .when().get(stack.url(SystemStack.TICKET) + "/v1/ticket").then().statusCode(200).body("total", is(0));
        given().auth().oauth2(bob.get("accessToken")).queryParam("q", ".*").queryParam("total", true)
                .when().get(stack.url(SystemStack.TICKET) + "/v1/ticket").then().statusCode(200).body("total", is(0));
        given().auth().oauth2(bob.get("accessToken")).queryParam("status", "{\"$ne\":\"CLOSED\"}")
                .when().get(stack.url(SystemStack.TICKET) + "/v1/ticket").then().statusCode(400);
        assertEquals(404, send("GET", stack.url(SystemStack.TICKET) + "/v1/ticket/"
                + java.net.URLEncoder.encode("{\"$ne\":null}", StandardCharsets.UTF_8), bob.get("accessToken"),
                "application/json", new byte[0]).statusCode());
        given().auth().oauth2(bob.get("accessToken")).contentType("application/json")
                .body("{\"subject\":{\"$gt\":\"\"},\"description\":\"x\"}")
                .when().post(stack.url(SystemStack.TICKET) + "/v1/ticket").then().statusCode(400);
    }

    // --- bodies

    @Test
    void oversizedMalformedAndMistypedBodiesGetProblemsAtEveryService() throws Exception {
        Map<String, String> jsonPosts = new LinkedHashMap<>();
        jsonPosts.put(SystemStack.AUTH, stack.url(SystemStack.AUTH) + "/v1/user/login");
        jsonPosts.put(SystemStack.TICKET, stack.url(SystemStack.TICKET) + "/v1/ticket");
        jsonPosts.put(SystemStack.NOTIFICATION, stack.url(SystemStack.NOTIFICATION) + "/v1/notifications/preferences");
        String nested = "[".repeat(50_000) + "]".repeat(50_000);
        for (Map.Entry<String, String> post : jsonPosts.entrySet()) {
            String method = post.getKey().equals(SystemStack.NOTIFICATION) ? "PUT" : "POST";
            String token = alice.get("accessToken");
            String refusal = announceOversizedBody(method, post.getValue(), token);
            assertTrue(refusal.startsWith("HTTP/1.1 413") && refusal.toLowerCase(java.util.Locale.ROOT)
                    .contains("content-type: application/problem+json"), () -> post.getKey() + " oversized body: " + refusal);
            assertProblem(post.getKey() + " truncated JSON", send(method, post.getValue(), token, "application/json",
                    "{\"subject\": \"half".getBytes(StandardCharsets.UTF_8)), 400);
            assertProblem(post.getKey() + " deep nesting", send(method, post.getValue(), token, "application/json",
                    nested.getBytes(StandardCharsets.UTF_8)), 400);
            assertProblem(post.getKey() + " array for an object", send(method, post.getValue(), token, "application/json",
                    "[1,2,3]".getBytes(StandardCharsets.UTF_8)), 400);
            assertProblem(post.getKey() + " invalid UTF-8", send(method, post.getValue(), token, "application/json",
                    new byte[] { '{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' }), 400);
            assertProblem(post.getKey() + " not JSON", send(method, post.getValue(), token, "text/plain",
                    "subject=hello".getBytes(StandardCharsets.UTF_8)), 415);
        }
    }

    // --- CORS

    @Test
    void corsAnswersOnlyTheConfiguredOrigin() {
        String allowed = stack.url(SystemStack.CHAT);
        for (String service : List.of(SystemStack.AUTH, SystemStack.TICKET, SystemStack.ANALYTICS, SystemStack.NOTIFICATION,
                SystemStack.CHAT)) {
            // The chat page's origin, under both names, may call every service and read its ETag, Link, ...
            for (String origin : List.of(allowed, allowed.replace("localhost", "127.0.0.1"))) {
                given().header("Origin", origin).header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "authorization,content-type")
                        .when().options(stack.url(service) + "/v1/user/login").then()
                        .header("Access-Control-Allow-Origin", equalTo(origin));
                given().header("Origin", origin).auth().oauth2(admin)
                        .when().get(protectedReads().get(service)).then()
                        .header("Access-Control-Allow-Origin", equalTo(origin))
                        .header("Access-Control-Expose-Headers", org.hamcrest.Matchers.containsString("Link"));
            }
            given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                    .when().options(stack.url(service) + "/v1/user/login").then()
                    .header("Access-Control-Allow-Origin", nullValue());
            given().header("Origin", "https://evil.example").auth().oauth2(admin)
                    .when().get(protectedReads().get(service)).then()
                    .header("Access-Control-Allow-Origin", nullValue())
                    .header("Access-Control-Allow-Credentials", nullValue());
        }
    }

    // --- helpers

    private static void assertRefused(org.junit.jupiter.api.function.Executable connect) {
        CompletionException refused = assertThrows(CompletionException.class, connect);
        assertTrue(String.valueOf(refused.getCause()).contains("401") || refused.getCause() instanceof java.net.http.WebSocketHandshakeException,
                () -> "refused at the upgrade: " + refused.getCause());
    }

    /**
     * Announces a 64 MiB body, over every service's limit (the ticket-service takes attachments up to
     * 50 MB), sends its first byte, and returns what the server answered before reading the rest.
     */
    private static String announceOversizedBody(String method, String url, String token) throws Exception {
        URI uri = URI.create(url);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            String request = method + " " + uri.getPath() + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer " + token + "\r\nContent-Length: " + (64L << 20) + "\r\n\r\n{";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readNBytes(2048), StandardCharsets.UTF_8);
        }
    }

    private static void assertProblem(String what, HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), () -> what + ": " + response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                () -> what + " is a problem: " + response.headers().map());
    }

    private static HttpResponse<String> send(String method, String url, String token, String contentType, byte[] body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String loggedOutToken() {
        String token = stack.token(alice.get("email"), alice.get("password"));
        given().auth().oauth2(token).when().delete(stack.url(SystemStack.AUTH) + "/v1/user/logout").then().statusCode(204);
        return token;
    }

    private String signedByAnotherKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return Jwt.issuer(stack.issuer()).audience(io.helpdesk.platform.security.TokenClaims.DEFAULT_AUDIENCE)
                .subject(adminId).upn("admin@helpdesk.local").groups(Roles.ADMIN).claim("jti", java.util.UUID.randomUUID().toString())
                .expiresIn(Duration.ofMinutes(15))
                .jws().keyId(TestTokens.KEY_ID).sign(generator.generateKeyPair().getPrivate());
    }
}
