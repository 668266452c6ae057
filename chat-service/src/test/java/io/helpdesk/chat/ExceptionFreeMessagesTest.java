package io.helpdesk.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.helpdesk.chat.room.Rooms;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.ChatClient;
import io.helpdesk.platform.testing.TestTokens;
import io.helpdesk.platform.testing.ThrownExceptions;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A conversation makes no exception on the service's threads: a message sent, acknowledged, carried across
 * Redis and delivered is the chat's path all day, and an exception on it costs each message a stack trace.
 * A few messages go first, so what a first one does once (a class loaded, a room opened) is not counted.
 */
@QuarkusTest
class ExceptionFreeMessagesTest {

    private static final int MESSAGES = 5;

    @TestHTTPResource("/v1/chat")
    URI http;

    @Test
    void sendingAndReceivingMessagesMakesNoException() {
        String a = "a-" + UUID.randomUUID().toString().substring(0, 8);
        String b = "b-" + UUID.randomUUID().toString().substring(0, 8);
        String room = Rooms.directRoom(a, b);
        URI ws = URI.create(http.toString().replaceFirst("^http", "ws"));
        try (ChatClient alice = ChatClient.connect(ws, TestTokens.forUser(a).role(Roles.CUSTOMER).sign());
                ChatClient bob = ChatClient.connect(ws, TestTokens.forUser(b).role(Roles.CUSTOMER).sign())) {
            alice.join(room);
            bob.join(room);
            talk(alice, bob, room, "warm-up");

            try (ThrownExceptions thrown = ThrownExceptions.record()) {
                talk(alice, bob, room, "measured");
                ThrownExceptions.collectGarbage(); // as may come in any window

                assertEquals(List.of(), thrown.onServiceThreads());
            }
        }
    }

    private static void talk(ChatClient alice, ChatClient bob, String room, String round) {
        for (int i = 0; i < MESSAGES; i++) {
            alice.send(Map.of("type", "message", "room", room, "clientId", round + "-" + i, "text", "Hello " + i));
            alice.next("ack");
            assertEquals("Hello " + i, bob.next("message").getString("text"));
        }
    }
}
