package io.helpdesk.chat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.helpdesk.chat.room.Rooms;
import io.helpdesk.platform.contracts.Channels;
import io.helpdesk.platform.contracts.TicketEvents;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.ChatClient;
import io.helpdesk.platform.testing.LogCapture;
import io.helpdesk.platform.testing.RedisTestResource;
import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.testing.TestStreams;
import io.helpdesk.platform.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class ChatSocketTest {

    @TestHTTPResource("/v1/chat")
    URI http;

    @Test
    void theUpgradeNeedsAValidUnrevokedToken() {
        CompletionException none = assertThrows(CompletionException.class, () -> java.net.http.HttpClient.newHttpClient()
                .newWebSocketBuilder().buildAsync(ws(), new java.net.http.WebSocket.Listener() {
                }).join());
        assertTrue(none.getCause() instanceof java.net.http.WebSocketHandshakeException, String.valueOf(none.getCause()));
        assertEquals(401, ((java.net.http.WebSocketHandshakeException) none.getCause()).getResponse().statusCode());
        String jti = UUID.randomUUID().toString();
        String revoked = TestTokens.forUser("u-revoked").jti(jti).sign();
        RedisTestResource.revokeToken(jti);
        assertThrows(CompletionException.class, () -> ChatClient.connect(ws(), revoked));
        String expired = TestTokens.forUser("u-expired").issuedAt(Instant.now().minus(Duration.ofHours(1))).sign();
        assertThrows(CompletionException.class, () -> ChatClient.connect(ws(), expired));
    }

    @Test
    void aRefusedUpgradeIsOneProblemAnswerAndNoServerError() throws Exception {
        try (LogCapture httpLogs = LogCapture.of("io.quarkus.vertx.http")) {
            String expired = TestTokens.forUser("u-expired").issuedAt(Instant.now().minus(Duration.ofHours(1))).sign();
            for (String token : List.of(expired, "not.a.token")) {
                given().header("Upgrade", "websocket").header("Connection", "Upgrade")
                        .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").header("Sec-WebSocket-Version", "13")
                        .auth().oauth2(token)
                        .when().get(http.getPath())
                        .then().statusCode(401)
                        .contentType("application/problem+json")
                        .body("status", equalTo(401));
            }
            Thread.sleep(500); // a second report of the same failure comes right after the answer
            assertEquals(List.of(), httpLogs.lines(java.util.logging.Level.SEVERE, ""));
        }
    }

    @Test
    void roomsAdmitOnlyTheirMembers() {
        String customerId = "c-" + id();
        try (ChatClient customer = client(customerId, Roles.CUSTOMER); ChatClient agent = client("a-" + id(), Roles.AGENT)) {
            customer.next("welcome");
            agent.next("welcome");
            customer.send(Map.of("type", "join", "room", "team:agents"));
            assertEquals("forbidden", customer.next("error").getString("code"));
            agent.send(Map.of("type", "join", "room", "team:agents"));
            assertEquals("team:agents", agent.next("joined").getString("room"));

            customer.send(Map.of("type", "join", "room", "ticket:" + TicketServiceStub.ticket(customerId, null)));
            customer.next("joined");
            customer.send(Map.of("type", "join", "room", "ticket:" + TicketServiceStub.ticket("someone-else", null)));
            assertEquals("forbidden", customer.next("error").getString("code"));
            agent.send(Map.of("type", "join", "room", "ticket:" + TicketServiceStub.ticket("someone-else", null)));
            agent.next("joined");
            customer.send(Map.of("type", "join", "room", "dm:x:y"));
            assertEquals("forbidden", customer.next("error").getString("code"));
            customer.send(Map.of("type", "join", "room", "lobby"));
            assertEquals("unknown-room", customer.next("error").getString("code"));

            TicketServiceStub.down = true;
            try {
                customer.send(Map.of("type", "join", "room", "ticket:" + TicketServiceStub.ticket("c", null)));
                assertEquals("unavailable", customer.next("error").getString("code"));
            } finally {
                TicketServiceStub.down = false;
            }
        }
    }

    @Test
    void messagesAreAcknowledgedWithASequenceDeliveredOnceAndNotDuplicated() {
        String a = "a-" + id();
        String b = "b-" + id();
        String room = Rooms.directRoom(a, b);
        try (ChatClient alice = client(a, Roles.CUSTOMER); ChatClient bob = client(b, Roles.CUSTOMER)) {
            alice.join(room);
            bob.join(room);

            alice.send(Map.of("type", "message", "room", room, "clientId", "m-1", "text", "Hello Bob"));
            JsonPath ack = alice.next("ack");
            assertEquals(1L, ack.getLong("seq"));
            JsonPath received = bob.next("message");
            assertEquals("Hello Bob", received.getString("text"));
            assertEquals(a, received.getString("sender"));
            assertEquals(1L, received.getLong("seq"));

            alice.send(Map.of("type", "message", "room", room, "clientId", "m-1", "text", "Hello Bob"));
            JsonPath again = alice.next("ack");
            assertEquals(1L, again.getLong("seq"));
            assertTrue(again.getBoolean("duplicate"));
            alice.send(Map.of("type", "message", "room", room, "clientId", "m-2", "text", "Still there?"));
            assertEquals(2L, alice.next("ack").getLong("seq"));
            assertEquals("Still there?", bob.next("message").getString("text"), "the duplicate was not delivered");

            given().auth().oauth2(token(b, Roles.CUSTOMER)).when().get("/v1/chat/rooms/" + room + "/messages").then()
                    .statusCode(200).body("items.text", equalTo(List.of("Hello Bob", "Still there?")));
            String older = given().auth().oauth2(token(b, Roles.CUSTOMER)).queryParam("size", 1).when()
                    .get("/v1/chat/rooms/" + room + "/messages").then().body("items.seq", equalTo(List.of(2)))
                    .extract().path("next");
            given().auth().oauth2(token(b, Roles.CUSTOMER)).queryParam("cursor", older).when()
                    .get("/v1/chat/rooms/" + room + "/messages").then().body("items.seq", equalTo(List.of(1)));
            given().auth().oauth2(token("intruder", Roles.CUSTOMER)).when().get("/v1/chat/rooms/" + room + "/messages")
                    .then().statusCode(404);
            given().auth().oauth2(token(b, Roles.CUSTOMER)).queryParam("size", 500).when()
                    .get("/v1/chat/rooms/" + room + "/messages").then().statusCode(400);
        }
    }

    @Test
    void aReconnectingClientGetsWhatItMissedInOrderBeforeLiveMessages() {
        String customerId = "cust-" + id();
        String room = "ticket:" + TicketServiceStub.ticket(customerId, null);
        String agentId = "agent-" + id();
        try (ChatClient agent = client(agentId, Roles.AGENT)) {
            agent.join(room);
            for (int i = 1; i <= 3; i++) {
                agent.send(Map.of("type", "message", "room", room, "clientId", "r-" + i, "text", "update " + i));
                agent.next("ack");
            }
            try (ChatClient customer = client(customerId, Roles.CUSTOMER)) {
                customer.send(Map.of("type", "join", "room", room, "lastSeq", 1));
                assertEquals("update 2", customer.next("message").getString("text"));
                assertEquals("update 3", customer.next("message").getString("text"));
                assertEquals(2, customer.next("joined").getInt("replayed"));
                agent.send(Map.of("type", "message", "room", room, "clientId", "r-4", "text", "update 4"));
                assertEquals(4L, customer.next("message").getLong("seq"));
            }
        }
    }

    @Test
    void presenceAndThrottledTypingReachTheRoom() {
        String room = "team:agents";
        String a = "p-a-" + id();
        String b = "p-b-" + id();
        try (ChatClient first = client(a, Roles.AGENT); ChatClient second = client(b, Roles.AGENT)) {
            first.join(room);
            second.join(room);
            JsonPath presence = first.next("presence");
            while (!presence.getList("online").contains(b)) {
                presence = first.next("presence");
            }
            assertTrue(presence.getList("online").contains(a));

            second.send(Map.of("type", "typing", "room", room));
            second.send(Map.of("type", "typing", "room", room));
            JsonPath typing = first.next("typing");
            assertEquals(b, typing.getString("userId"));
            JsonPath more = first.poll(Duration.ofMillis(800));
            while (more != null && !"typing".equals(more.getString("type"))) {
                more = first.poll(Duration.ofMillis(800));
            }
            assertNull(more, "a second typing frame within two seconds is dropped");

            second.close();
            JsonPath after = first.next("presence");
            while (after.getList("online").contains(b)) {
                after = first.next("presence");
            }
        }
    }

    /**
     * Presence is the sweep's heartbeat for every joined room of an open socket, not a Redis write per
     * message: an aged heartbeat of a silent member is renewed within a sweep (every 5 s), and fifteen
     * messages add no heartbeat writes of their own.
     */
    @Test
    void aSilentMemberStaysOnlineByTheSweepAndMessagesWriteNoHeartbeats() throws Exception {
        String room = "team:agents";
        String a = "beat-" + id();
        String key = "chat:presence:" + room;
        try (ChatClient member = client(a, Roles.AGENT)) {
            member.join(room);
            long before = zaddCalls();
            for (int i = 1; i <= 15; i++) {
                member.send(Map.of("type", "message", "room", room, "clientId", "beat-" + i, "text", "Anyone? " + i));
                member.next("ack");
            }
            // At most a sweep or two fell into these writes, each one heartbeat for this socket's one room.
            assertTrue(zaddCalls() - before <= 2, "heartbeats written for 15 messages: " + (zaddCalls() - before));

            long aged = Instant.now().getEpochSecond() - 25;
            RedisTestResource.command("ZADD", key, String.valueOf(aged), a);
            long deadline = System.nanoTime() + Duration.ofSeconds(12).toNanos();
            long score = aged;
            while (score == aged && System.nanoTime() < deadline) {
                Thread.sleep(200);
                score = Long.parseLong(RedisTestResource.command("ZSCORE", key, a));
            }
            assertTrue(score >= Instant.now().getEpochSecond() - 6, "the sweep renewed the heartbeat: " + score);
        }
    }

    private static long zaddCalls() {
        String stats = RedisTestResource.command("INFO", "commandstats");
        java.util.regex.Matcher calls = java.util.regex.Pattern.compile("cmdstat_zadd:calls=(\\d+)").matcher(stats);
        return calls.find() ? Long.parseLong(calls.group(1)) : 0;
    }

    @Test
    void ticketEventsAppearAsSystemMessagesInTheTicketsRoom() {
        String customerId = "cust-" + id();
        String ticketId = TicketServiceStub.ticket(customerId, null);
        try (ChatClient customer = client(customerId, Roles.CUSTOMER)) {
            customer.send(Map.of("type", "join", "room", "ticket:" + ticketId));
            customer.next("joined");
            TicketEvents.TicketSnapshot snapshot = new TicketEvents.TicketSnapshot(ticketId, "Printer", "CLOSED", "LOW",
                    null, List.of(), "c", null, null, Instant.now(), Instant.now(), null, null, Instant.now(), Instant.now(),
                    false, false, 3, null, false);
            TestStreams.publish(EventType.TICKET_CLOSED, "agent-1", ticketId, 3,
                    new TicketEvents.Payload(snapshot, "OPEN", null, null, List.of()));
            JsonPath system = customer.next("message");
            assertEquals("Ticket closed by someone", system.getString("text"), "agent-1 is not in the directory");
            assertTrue(system.getBoolean("system"));
        }
    }

    @Test
    void anExpiringTokenCanBeRefreshedOnTheLiveConnectionOrItIsClosedWith4001() throws Exception {
        String user = "exp-" + id();
        // Long enough for the refresh to arrive before expiry on a loaded machine (3 s once was not, against the
        // packaged service just started), short enough for the stale connection's 4001 to come within the wait.
        Duration lifetime = Duration.ofSeconds(8);
        String shortLived = TestTokens.forUser(user).lifetime(lifetime).sign();
        try (ChatClient refreshed = ChatClient.connect(ws(), shortLived);
                ChatClient stale = ChatClient.connect(ws(), TestTokens.forUser(user).lifetime(lifetime).sign())) {
            refreshed.next("welcome");
            refreshed.send(Map.of("type", "auth", "token", TestTokens.forUser(user).sign()));
            refreshed.next("authenticated");
            refreshed.send(Map.of("type", "auth", "token", TestTokens.forUser("someone-else").sign()));
            assertEquals("bad-token", refreshed.next("error").getString("code"));

            assertEquals(4001, stale.closed.get(30, TimeUnit.SECONDS));
            refreshed.send(Map.of("type", "ping"));
            refreshed.next("pong");
        }
    }

    @Test
    void framesThatAreNotObjectsWithATypeAreBadFramesAndTheSocketStaysOpen() throws Exception {
        try (ChatClient client = client("odd-" + id(), Roles.CUSTOMER)) {
            client.next("welcome");
            for (String frame : List.of("null", "[]", "1", "\"ping\"", "{}", "{\"type\":null}", "{\"type\":[\"join\"]}",
                    "{\"type\":\"ping\",\"type\":\"join\"}", "{\"type\":\"message\",\"room\":\"dm:a:b\",\"text\":\"a\\u0000b\"}")) {
                client.sendRaw(frame);
                assertEquals("bad-frame", client.next("error").getString("code"), frame);
            }
            client.send(Map.of("type", "ping"));
            client.next("pong");
            assertFalse(client.closed.isDone());
        }
    }

    @Test
    void limitsAnswerWithClearErrorsAndCloseCodes() throws Exception {
        try (ChatClient client = client("lim-" + id(), Roles.CUSTOMER)) {
            client.next("welcome");
            client.sendRaw("not json");
            assertEquals("bad-frame", client.next("error").getString("code"));
            client.send(Map.of("type", "message", "room", "dm:a:b", "clientId", "x", "text", "hi"));
            assertEquals("not-joined", client.next("error").getString("code"));
            for (int i = 0; i < 25; i++) {
                client.send(Map.of("type", "ping"));
            }
            assertEquals("rate-limited", client.next("error").getString("code"));
        }
        try (ChatClient big = client("big-" + id(), Roles.CUSTOMER)) {
            big.next("welcome");
            big.sendRaw("{\"type\":\"ping\",\"text\":\"" + "x".repeat(20_000) + "\"}");
            assertEquals(1009, big.closed.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aClientThatAnswersPingsStaysAndOneThatFallsSilentIsClosedAsIdle() throws Exception {
        // The JDK client answers pings with pongs by itself; a raw socket that reads but never answers does not.
        try (ChatClient alive = client("alive-" + id(), Roles.CUSTOMER)) {
            alive.next("welcome");
            Thread.sleep(8000);
            alive.send(Map.of("type", "ping"));
            alive.next("pong");
        }
        try (java.net.Socket silent = new java.net.Socket(http.getHost(), http.getPort())) {
            String key = java.util.Base64.getEncoder().encodeToString(id().getBytes());
            silent.getOutputStream().write(("GET /v1/chat HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                    + "Authorization: Bearer " + token("silent-" + id(), Roles.CUSTOMER) + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            // Pings arrive but are never answered; the sweep closes the socket after the idle timeout (6 s in
            // tests) at its next run (every 5 s), so the close frame comes 6 to 11 s in: read until it does.
            silent.setSoTimeout(30_000);
            java.io.InputStream in = silent.getInputStream();
            StringBuilder seen = new StringBuilder();
            byte[] chunk = new byte[4096];
            int read;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!(seen.indexOf("\u0088") >= 0 && seen.indexOf("idle") >= 0) && System.nanoTime() < deadline
                    && (read = in.read(chunk)) > 0) {
                seen.append(new String(chunk, 0, read, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
            assertTrue(seen.toString().startsWith("HTTP/1.1 101"), seen.toString());
            // A close frame (opcode 0x88) with status 1001 was sent.
            assertTrue(seen.indexOf("\u0088") >= 0 && seen.indexOf("idle") >= 0, "closed as idle");
        }
    }

    private ChatClient client(String userId, String role) {
        return ChatClient.connect(ws(), token(userId, role));
    }

    private static String token(String userId, String role) {
        return TestTokens.forUser(userId).role(role).sign();
    }

    private URI ws() {
        return URI.create(http.toString().replaceFirst("^http", "ws"));
    }

    private static String id() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
