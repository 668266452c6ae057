package io.helpdesk.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.ChatClient;
import io.helpdesk.platform.testing.FreePorts;
import io.helpdesk.platform.testing.JwtTestResource;
import io.helpdesk.platform.testing.MongoTestResource;
import io.helpdesk.platform.testing.RedisTestResource;
import io.helpdesk.platform.testing.TestTokens;

/**
 * Two chat-service instances, as two processes of the packaged jar behind no load balancer but the
 * test's own choice, sharing one Redis and one MongoDB: a room's messages sent through one reach
 * members on the other, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScaleOutIT {

    private final MongoTestResource mongo = new MongoTestResource();
    private final RedisTestResource redis = new RedisTestResource();
    private final JwtTestResource jwks = new JwtTestResource();
    private final List<Process> instances = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();

    @BeforeAll
    void startTwoInstances() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.putAll(mongo.start());
        config.putAll(redis.start());
        config.putAll(jwks.start());
        String java = ProcessHandle.current().info().command().orElse("java");
        for (int i = 0; i < 2; i++) {
            int port = FreePorts.next();
            List<String> command = new ArrayList<>(List.of(java, "-Xmx256m"));
            config.forEach((k, v) -> command.add("-D" + k + "=" + v));
            command.add("-Dquarkus.http.port=" + port);
            command.add("-Dquarkus.log.console.json.enabled=false");
            command.add("-jar");
            command.add(System.getProperty("chat.jar"));
            File log = new File(System.getProperty("java.io.tmpdir"), "chat-instance-" + i + ".log");
            instances.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start());
            ports.add(port);
        }
        HttpClient http = HttpClient.newHttpClient();
        for (int port : ports) {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            while (true) {
                try {
                    HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                            .build(), HttpResponse.BodyHandlers.discarding());
                    if (ready.statusCode() == 200) {
                        break;
                    }
                } catch (java.io.IOException e) {
                    // not listening yet
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("instance on " + port + " is not ready");
                }
                Thread.sleep(300);
            }
        }
    }

    @AfterAll
    void stopEverything() {
        instances.forEach(Process::destroy);
        instances.forEach(p -> {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        jwks.stop();
        redis.stop();
        mongo.stop();
    }

    @Test
    void aMessageSentThroughOneInstanceReachesMembersOnTheOtherInOrder() {
        String a = "scale-a";
        String b = "scale-b";
        String room = "dm:" + a + ":" + b;
        try (ChatClient onA = joined(0, a, room); ChatClient onB = joined(1, b, room)) {

            for (int i = 1; i <= 15; i++) {
                onA.send(Map.of("type", "message", "room", room, "clientId", "s-" + i, "text", "message " + i));
            }
            for (int i = 1; i <= 15; i++) {
                assertEquals(i, onB.next("message").getLong("seq"));
            }
            onB.send(Map.of("type", "message", "room", room, "clientId", "back", "text", "got them"));
            // A sees its own messages too (every device of a user follows the room), then B's answer.
            io.restassured.path.json.JsonPath frame = onA.next("message");
            while (!b.equals(frame.getString("sender"))) {
                frame = onA.next("message");
            }
            assertEquals("got them", frame.getString("text"));
        }
    }

    @Test
    void afterARedisRestartRoomTrafficFlowsBetweenTheInstancesAgain() {
        RedisTestResource.stopServer();
        RedisTestResource.startServer();
        // Both instances subscribe to the room pattern again by themselves: two clients with one pattern each.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertEquals(2, RedisTestResource.command("CLIENT", "LIST").lines().filter(c -> c.contains(" psub=1 ")).count()));

        String a = "restart-a";
        String b = "restart-b";
        String room = "dm:" + a + ":" + b;
        try (ChatClient onA = joined(0, a, room); ChatClient onB = joined(1, b, room)) {
            onA.send(Map.of("type", "message", "room", room, "clientId", "after-restart", "text", "still here"));
            assertEquals("still here", onB.next("message").getString("text"));
        }
    }

    /** A customer connected to one instance, in the room. */
    private ChatClient joined(int instance, String user, String room) {
        ChatClient client = ChatClient.connect(ws(instance), TestTokens.forUser(user).role(Roles.CUSTOMER).sign());
        client.join(room);
        return client;
    }

    private URI ws(int instance) {
        return URI.create("ws://localhost:" + ports.get(instance) + "/v1/chat");
    }
}
