package io.helpdesk.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.helpdesk.platform.security.Revocation;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.ChatClient;
import io.helpdesk.platform.testing.RedisTestResource;
import io.helpdesk.platform.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Open sockets obey revocation and the ticket-service's visibility rule: a revoked session, token or
 * user closes its sockets with 4003; an {@code auth} frame takes the role afresh and leaves the rooms
 * the new role may not read; ticket rooms admit exactly whom the ticket-service shows the ticket to,
 * and no caller's input can open the circuit breaker for everyone.
 */
@QuarkusTest
class ChatTrustTest {

    @TestHTTPResource("/v1/chat")
    URI http;

    @Test
    void endingASessionClosesItsSocketsWith4003AndLeavesOtherSessionsOpen() throws Exception {
        String user = "u-" + id();
        String ended = UUID.randomUUID().toString();
        try (ChatClient first = connect(TestTokens.forUser(user).session(ended).sign());
                ChatClient second = connect(TestTokens.forUser(user).session(ended).sign());
                ChatClient other = connect(TestTokens.forUser(user).session(UUID.randomUUID().toString()).sign())) {
            first.next("welcome");
            second.next("welcome");
            other.next("welcome");
            RedisTestResource.revokeSession(ended);
            assertEquals(4003, first.closed.get(5, TimeUnit.SECONDS));
            assertEquals(4003, second.closed.get(5, TimeUnit.SECONDS));
            other.send(Map.of("type", "ping"));
            other.next("pong");
        }
    }

    @Test
    void anAnnouncedRevocationClosesTheSocketAtOnceWithoutWaitingForThePeriodicCheck() throws Exception {
        // Only announced, no line written: nothing but the announcement can close these sockets.
        String user = "u-" + id();
        String jti = UUID.randomUUID().toString();
        try (ChatClient byToken = connect(TestTokens.forUser("t-" + id()).jti(jti).sign());
                ChatClient byUser = connect(TestTokens.forUser(user).role(Roles.AGENT).sign())) {
            byToken.next("welcome");
            byUser.next("welcome");
            RedisTestResource.announce(new Revocation(Revocation.Kind.TOKEN, jti, 0));
            RedisTestResource.announce(new Revocation(Revocation.Kind.USER, user, Instant.now().getEpochSecond() + 1));
            assertEquals(4003, byToken.closed.get(5, TimeUnit.SECONDS));
            assertEquals(4003, byUser.closed.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aRevocationLineWithoutAnAnnouncementIsFoundByThePeriodicCheck() throws Exception {
        String jti = UUID.randomUUID().toString();
        try (ChatClient socket = connect(TestTokens.forUser("p-" + id()).jti(jti).sign())) {
            socket.next("welcome");
            RedisTestResource.revokeToken(jti);
            assertEquals(4003, socket.closed.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void anAuthFrameOfALowerRoleLeavesTheRoomsThatRoleMayNotRead() {
        String user = "demoted-" + id();
        String queueTicket = TicketServiceStub.ticket("some-customer", null);
        try (ChatClient socket = connect(TestTokens.forUser(user).role(Roles.AGENT).sign())) {
            assertEquals(Roles.AGENT, socket.next("welcome").getString("role"));
            socket.send(Map.of("type", "join", "room", "team:agents"));
            socket.next("joined");
            socket.send(Map.of("type", "join", "room", "ticket:" + queueTicket));
            socket.next("joined");

            socket.send(Map.of("type", "auth", "token", TestTokens.forUser(user).role(Roles.CUSTOMER).sign()));
            List<String> left = new ArrayList<>();
            JsonPath frame = any(socket);
            while (!"authenticated".equals(frame.getString("type"))) {
                if ("left".equals(frame.getString("type"))) {
                    left.add(frame.getString("room"));
                    assertEquals("forbidden", frame.getString("reason"));
                }
                frame = any(socket);
            }
            assertEquals(Roles.CUSTOMER, frame.getString("role"));
            assertTrue(left.containsAll(List.of("team:agents", "ticket:" + queueTicket)), left.toString());
            socket.send(Map.of("type", "history", "room", "team:agents"));
            assertEquals("not-joined", socket.next("error").getString("code"));
        }
    }

    @Test
    void ticketRoomsAdmitExactlyWhomTheTicketServiceShowsTheTicketTo() {
        String customer = "c-" + id();
        String agent = "a-" + id();
        String own = TicketServiceStub.ticket(customer, null);
        String assignedToAgent = TicketServiceStub.ticket("other-customer", agent);
        String assignedElsewhere = TicketServiceStub.ticket(customer, "another-agent");
        try (ChatClient c = connect(TestTokens.forUser(customer).sign());
                ChatClient a = connect(TestTokens.forUser(agent).role(Roles.AGENT).sign());
                ChatClient admin = connect(TestTokens.forUser("adm-" + id()).role(Roles.ADMIN).sign())) {
            assertEquals("joined", join(c, "ticket:" + own));
            assertEquals("forbidden", join(c, "ticket:" + assignedToAgent));
            assertEquals("joined", join(a, "ticket:" + assignedToAgent));
            assertEquals("forbidden", join(a, "ticket:" + assignedElsewhere), "another agent's ticket");
            assertEquals("joined", join(admin, "ticket:" + assignedElsewhere));
            assertEquals("forbidden", join(admin, "ticket:" + UUID.randomUUID()), "a ticket that does not exist");
        }
    }

    @Test
    void craftedRoomIdsAreRefusedBeforeAnyCallAndNeverOpenTheBreaker() {
        String customer = "c-" + id();
        String own = TicketServiceStub.ticket(customer, null);
        try (ChatClient c = connect(TestTokens.forUser(customer).sign())) {
            c.next("welcome");
            int before = TicketServiceStub.CALLS.get();
            for (String crafted : List.of("ticket:", "ticket:../../v1/ticket", "ticket:" + own + "/history",
                    "ticket:" + own.toUpperCase(), "ticket:x?role=ADMIN")) {
                assertEquals("unknown-room", join(c, crafted), crafted);
            }
            assertEquals(before, TicketServiceStub.CALLS.get(), "no crafted id reached the ticket-service");
            // Refusals are answers: a run of them leaves the breaker closed for the next caller.
            for (int i = 0; i < 10; i++) {
                assertEquals("forbidden", join(c, "ticket:" + UUID.randomUUID()));
            }
            assertEquals("joined", join(c, "ticket:" + own));
        }
    }

    private static String join(ChatClient client, String room) {
        client.send(Map.of("type", "join", "room", room));
        JsonPath answer = any(client);
        while (!List.of("joined", "error").contains(answer.getString("type"))) {
            answer = any(client);
        }
        return "joined".equals(answer.getString("type")) ? "joined" : answer.getString("code");
    }

    private static JsonPath any(ChatClient client) {
        JsonPath frame = client.poll(Duration.ofSeconds(15));
        if (frame == null) {
            throw new AssertionError("No frame arrived");
        }
        return frame;
    }

    private ChatClient connect(String token) {
        return ChatClient.connect(URI.create(http.toString().replaceFirst("^http", "ws")), token);
    }

    private static String id() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
