package io.helpdesk.chat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.helpdesk.chat.room.Rooms;
import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.contracts.TicketEvents;
import io.helpdesk.platform.contracts.UserEvents;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.ChatClient;
import io.helpdesk.platform.testing.TestStreams;
import io.helpdesk.platform.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Frames, history and system messages name people as the people directory knows them from
 * {@code events.users}, beside their ids; a person it does not know has no name (null), and a system
 * message never shows an id.
 */
@QuarkusTest
class ChatNamesTest {

    @TestHTTPResource("/v1/chat")
    URI http;

    @Test
    void messageFramesTypingAndHistoryCarryTheSendersNameOnceTheUserIsRegistered() {
        String a = registered("Alice Able", Roles.CUSTOMER);
        String b = registered("Bob Baker", Roles.CUSTOMER);
        String room = Rooms.directRoom(a, b);
        try (ChatClient alice = client(a, Roles.CUSTOMER); ChatClient bob = client(b, Roles.CUSTOMER)) {
            assertEquals("Alice Able", alice.next("welcome").getString("name"));
            alice.join(room);
            bob.join(room);

            alice.send(Map.of("type", "message", "room", room, "clientId", "n-1", "text", "Hello Bob"));
            JsonPath message = bob.next("message");
            assertEquals(a, message.getString("sender"));
            assertEquals("Alice Able", message.getString("senderName"));

            assertEquals("Alice Able", alice.next("message").getString("senderName"), "her own copy, too");

            alice.send(Map.of("type", "typing", "room", room));
            JsonPath typing = bob.next("typing");
            assertEquals(a, typing.getString("userId"));
            assertEquals("Alice Able", typing.getString("name"));

            bob.send(Map.of("type", "message", "room", room, "clientId", "n-2", "text", "Hi Alice"));
            assertEquals("Bob Baker", alice.next("message").getString("senderName"));

            bob.send(Map.of("type", "history", "room", room));
            assertEquals(List.of("Alice Able", "Bob Baker"), bob.next("history").getList("messages.senderName"));
        }
        given().auth().oauth2(token(b, Roles.CUSTOMER)).when().get("/v1/chat/rooms/" + room + "/messages").then()
                .statusCode(200)
                .body("items.sender", equalTo(List.of(a, b)))
                .body("items.senderName", equalTo(List.of("Alice Able", "Bob Baker")));
        // A reconnecting client's missed messages carry names too.
        try (ChatClient bob = client(b, Roles.CUSTOMER)) {
            bob.send(Map.of("type", "join", "room", room, "lastSeq", 0));
            assertEquals("Alice Able", bob.next("message").getString("senderName"));
        }
    }

    @Test
    void aPersonTheDirectoryDoesNotKnowHasNoNameButKeepsTheirId() {
        String stranger = "stranger-" + id();
        String b = registered("Bea Known", Roles.CUSTOMER);
        String room = Rooms.directRoom(stranger, b);
        try (ChatClient unknown = client(stranger, Roles.CUSTOMER); ChatClient bea = client(b, Roles.CUSTOMER)) {
            assertNull(unknown.next("welcome").getString("name"));
            unknown.join(room);
            bea.join(room);
            unknown.send(Map.of("type", "message", "room", room, "clientId", "s-1", "text", "Who am I?"));
            JsonPath message = bea.next("message");
            assertEquals(stranger, message.getString("sender"));
            assertNull(message.getString("senderName"));
        }
    }

    @Test
    void presenceListsTheNamesOfWhoIsInTheRoom() {
        String room = "team:agents";
        String a = registered("Agnes Agent", Roles.AGENT);
        String b = registered("Bruno Agent", Roles.AGENT);
        try (ChatClient first = client(a, Roles.AGENT); ChatClient second = client(b, Roles.AGENT)) {
            first.join(room);
            second.join(room);
            JsonPath presence = first.next("presence");
            while (!presence.getList("online").contains(b)) {
                presence = first.next("presence");
            }
            assertEquals("Agnes Agent", presence.getString("members.find { it.id == '" + a + "' }.name"));
            assertEquals("Bruno Agent", presence.getString("members.find { it.id == '" + b + "' }.name"));
            assertEquals(presence.getList("online"), presence.getList("members.id"), "the ids stay, in the same order");
        }
    }

    @Test
    void systemMessagesNameWhoWasAssignedAndWhoDidItAndNeverShowAnId() {
        String agent = registered("Alice Agent", Roles.AGENT);
        String admin = registered("Ada Admin", Roles.ADMIN);
        String customerId = "cust-" + id();
        String ticketId = TicketServiceStub.ticket(customerId, null);
        try (ChatClient customer = client(customerId, Roles.CUSTOMER)) {
            customer.send(Map.of("type", "join", "room", "ticket:" + ticketId));
            customer.next("joined");

            publish(EventType.TICKET_ASSIGNED, admin, ticketId, agent, null, null, 2);
            assertEquals("Assigned to Alice Agent by Ada Admin", customer.next("message").getString("text"));

            publish(EventType.TICKET_ASSIGNED, "system", ticketId, null, agent, "ASSIGNEE_DISABLED", 3);
            JsonPath unassigned = customer.next("message");
            assertEquals("Back in the queue: Alice Agent is no longer available", unassigned.getString("text"));
            assertEquals(true, unassigned.getBoolean("system"));

            publish(EventType.TICKET_ASSIGNED, agent, ticketId, agent, null, null, 4);
            assertEquals("Alice Agent took the ticket", customer.next("message").getString("text"));

            String nobody = UUID.randomUUID().toString();
            String ghost = UUID.randomUUID().toString();
            publish(EventType.TICKET_ASSIGNED, ghost, ticketId, nobody, null, null, 5);
            String text = customer.next("message").getString("text");
            assertEquals("Assigned to an agent by someone", text);
            assertFalse(text.contains(nobody) || text.contains(ghost));

            publish(EventType.TICKET_CLOSED, admin, ticketId, nobody, null, null, 6);
            assertEquals("Ticket closed by Ada Admin", customer.next("message").getString("text"));
        }
    }

    private static void publish(EventType type, String actor, String ticketId, String assigneeId, String previousAssigneeId,
            String reason, long version) {
        TicketEvents.TicketSnapshot snapshot = new TicketEvents.TicketSnapshot(ticketId, "Printer",
                type == EventType.TICKET_CLOSED ? "CLOSED" : "OPEN", "LOW", null, List.of(), "c", null, assigneeId,
                Instant.now(), Instant.now(), null, null, null, Instant.now(), false, false, version, null, false);
        TestStreams.publish(type, actor, ticketId, version,
                new TicketEvents.Payload(snapshot, "OPEN", previousAssigneeId, null, List.of(), null, reason));
    }

    /**
     * A new user announced on {@code events.users} as the auth-service does, returned once chat knows
     * them by name (its welcome frame names them).
     */
    private String registered(String name, String role) {
        String userId = UUID.randomUUID().toString();
        TestStreams.publish(EventType.USER_REGISTERED, userId, userId, 1, UserEvents.Payload.account(userId,
                userId + "@example.com", name, "en", role, null, null, null, "ACTIVE", true));
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (ChatClient probe = client(userId, role)) {
                if (name.equals(probe.next("welcome").getString("name"))) {
                    return userId;
                }
            }
            sleep(200);
        }
        throw new AssertionError(name + " never became known to chat");
    }

    private ChatClient client(String userId, String role) {
        return ChatClient.connect(URI.create(http.toString().replaceFirst("^http", "ws")), token(userId, role));
    }

    private static String token(String userId, String role) {
        return TestTokens.forUser(userId).role(role).sign();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String id() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
