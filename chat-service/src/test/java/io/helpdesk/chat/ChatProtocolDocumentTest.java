package io.helpdesk.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.helpdesk.chat.socket.ConnectionSweep;
import io.helpdesk.chat.socket.Frames;
import io.helpdesk.chat.socket.RevocationWatch;
import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.contracts.TicketEvents;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.AsyncApiDocument;
import io.helpdesk.platform.testing.ChatClient;
import io.helpdesk.platform.testing.TestStreams;
import io.helpdesk.platform.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The chat protocol is the one {@code docs/asyncapi.yaml} describes: every frame of a session that uses
 * every frame type validates against the document's message of its type (in both directions), every
 * type, error code and close code the code can send is there, and nothing else is. A frame type added
 * to the socket without its description fails here.
 */
@QuarkusTest
class ChatProtocolDocumentTest {

    private static final AsyncApiDocument DOCUMENT = AsyncApiDocument.load();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SOURCES = Path.of("src/main/java/io/helpdesk/chat");

    @TestHTTPResource("/v1/chat")
    URI http;

    /** Client frames sent, server frames received, in order. */
    private final List<JsonNode> sent = new ArrayList<>();
    private final List<JsonNode> received = new ArrayList<>();

    @Test
    void everyFrameOfASessionThatUsesEveryTypeIsDescribed() {
        String agentId = "doc-agent-" + id();
        String customerId = "doc-customer-" + id();
        String dm = "dm:" + (agentId.compareTo(customerId) < 0 ? agentId + ":" + customerId : customerId + ":" + agentId);
        String ticketId = TicketServiceStub.ticket(customerId, null);
        try (ChatClient agent = connect(agentId, Roles.AGENT); ChatClient customer = connect(customerId, Roles.CUSTOMER)) {
            await(agent, "welcome");
            await(customer, "welcome");

            send(agent, Map.of("type", "join", "room", "team:agents"));
            await(agent, "joined");
            send(agent, Map.of("type", "join", "room", dm));
            await(agent, "joined");
            send(agent, Map.of("type", "message", "room", dm, "clientId", "c-1", "text", "Hello"));
            await(agent, "ack");
            send(agent, Map.of("type", "message", "room", dm, "clientId", "c-1", "text", "Hello"));
            assertTrue(await(agent, "ack").path("duplicate").asBoolean(), "a duplicate ack");

            Map<String, Object> rejoin = new LinkedHashMap<>(Map.of("type", "join", "room", dm, "lastSeq", 0));
            send(customer, rejoin);
            await(customer, "message");
            await(customer, "joined");
            send(agent, Map.of("type", "typing", "room", dm));
            await(customer, "typing");
            send(customer, Map.of("type", "history", "room", dm, "limit", 10));
            await(customer, "history");
            send(customer, Map.of("type", "ping"));
            await(customer, "pong");

            send(customer, Map.of("type", "join", "room", "ticket:" + ticketId));
            await(customer, "joined");
            TestStreams.publish(EventType.TICKET_CLOSED, "agent-1", ticketId, 3, new TicketEvents.Payload(
                    new TicketEvents.TicketSnapshot(ticketId, "Printer", "CLOSED", "LOW", null, List.of(), customerId,
                            null, null, Instant.now(), Instant.now(), null, null, Instant.now(), Instant.now(), false,
                            false, 3, null, false),
                    "OPEN", null, null, List.of()));
            assertTrue(await(customer, "message").path("system").asBoolean(), "a system message");

            send(customer, Map.of("type", "join", "room", "team:agents"));
            await(customer, "error");
            send(customer, Map.of("type", "typing", "room", "team:agents"));
            await(customer, "error");
            customer.sendRaw("[1]");
            await(customer, "error");
            send(customer, Map.of("type", "auth", "token", TestTokens.forUser("someone-else").sign()));
            await(customer, "error");

            send(agent, Map.of("type", "auth", "token", TestTokens.forUser(agentId).role(Roles.CUSTOMER).sign()));
            await(agent, "authenticated");
            send(agent, Map.of("type", "leave", "room", dm));
            await(agent, "left");
            await(customer, "presence");
            drain(agent);
            drain(customer);
        }

        Map<String, JsonNode> clientTypes = byType(clientMessages());
        Map<String, JsonNode> serverTypes = byType(serverMessages());
        Set<String> sentTypes = new TreeSet<>();
        for (JsonNode frame : sent) {
            JsonNode message = clientTypes.get(frame.path("type").asText());
            assertNotNull(message, "the client frame " + frame + " is described");
            assertEquals(List.of(), AsyncApiDocument.errors(message.path("payload"), frame), frame.toString());
            sentTypes.add(frame.path("type").asText());
        }
        Set<String> receivedTypes = new TreeSet<>();
        for (JsonNode frame : received) {
            JsonNode message = serverTypes.get(frame.path("type").asText());
            assertNotNull(message, "the server frame " + frame + " is described");
            assertEquals(List.of(), AsyncApiDocument.errors(message.path("payload"), frame), frame.toString());
            receivedTypes.add(frame.path("type").asText());
        }
        assertEquals(clientTypes.keySet(), sentTypes, "the session sent every client frame the document describes");
        assertEquals(serverTypes.keySet(), receivedTypes, "the session received every server frame the document describes");
        assertTrue(received.stream().anyMatch(f -> "left".equals(f.path("type").asText()) && f.has("reason")),
                "a left frame with a reason");
    }

    @Test
    void theFrameTypesTheCodeHandlesAndSendsAreTheDocumentedOnes() throws IOException {
        Set<String> inbound = matches(Path.of("socket/ChatSocket.java"), "case \"([a-z-]+)\" ->");
        assertEquals(byType(clientMessages()).keySet(), inbound, "the client frames ChatSocket handles");

        Set<String> outbound = matchesEverywhere("frame\\(\"([a-z-]+)\"", "put\\(\"type\", \"([a-z-]+)\"\\)");
        outbound.add("error");
        assertEquals(byType(serverMessages()).keySet(), outbound, "the server frames the code writes");

        Set<String> reasons = matches(Path.of("room/Rooms.java"), "Verdict\\.no\\(\"([a-z-]+)\"\\)");
        Set<String> codes = matchesEverywhere("error\\(\"([a-z-]+)\"");
        codes.addAll(reasons);
        assertEquals(enumOf("ServerError", "code"), codes, "the error codes");
        reasons.remove("unavailable"); // a room that cannot be checked is kept (AuthHandler)
        assertEquals(enumOf("ServerLeft", "reason"), reasons, "why a fresh token's role leaves a room");

        Set<String> inRoom = new TreeSet<>();
        DOCUMENT.schema("ServerMessage").path("properties").fieldNames().forEachRemaining(inRoom::add);
        inRoom.remove("type");
        Set<String> inHistory = new TreeSet<>();
        DOCUMENT.schema("ChatMessage").path("properties").fieldNames().forEachRemaining(inHistory::add);
        assertEquals(inHistory, inRoom, "a message frame is a history item with its type");

        Set<String> fields = Arrays.stream(Frames.Inbound.class.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = new TreeSet<>();
        clientMessages().forEach(m -> m.path("payload").path("properties").fieldNames().forEachRemaining(documented::add));
        assertEquals(fields, documented, "the fields of the client frames are the ones the server reads");
    }

    @Test
    void theCloseCodesAreTheDocumentedOnes() throws IOException, IllegalAccessException {
        Set<Integer> inCode = new TreeSet<>();
        for (Class<?> holder : List.of(ConnectionSweep.class, RevocationWatch.class,
                io.helpdesk.chat.socket.Fanout.class)) {
            for (Field field : holder.getDeclaredFields()) {
                if (field.getType() == short.class && Modifier.isStatic(field.getModifiers())) {
                    field.setAccessible(true);
                    inCode.add((int) field.getShort(null));
                }
            }
        }
        matchesEverywhere("\\(short\\) (\\d{4})").forEach(code -> inCode.add(Integer.parseInt(code)));
        Set<Integer> documented = new TreeSet<>();
        DOCUMENT.channel("chatSocket").path("x-close-codes").forEach(c -> documented.add(c.path("code").asInt()));
        assertEquals(documented, inCode, "close codes");
        assertTrue(DOCUMENT.channel("chatSocket").path("description").asText().contains("bearer-token-carrier"));
    }

    // --- the session

    private ChatClient connect(String userId, String role) {
        return ChatClient.connect(URI.create(http.toString().replaceFirst("^http", "ws")),
                TestTokens.forUser(userId).role(role).sign());
    }

    private void send(ChatClient client, Map<String, Object> frame) {
        sent.add(JSON.valueToTree(frame));
        client.send(frame);
    }

    /** Frames up to and including the next one of this type, every one of them kept. */
    private JsonNode await(ChatClient client, String type) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            JsonPath frame = client.poll(Duration.ofMillis(200));
            if (frame != null) {
                JsonNode node = JSON.valueToTree(frame.get());
                received.add(node);
                if (type.equals(node.path("type").asText())) {
                    return node;
                }
            }
        }
        throw new AssertionError("No '" + type + "' frame arrived");
    }

    private void drain(ChatClient client) {
        for (JsonPath frame = client.poll(Duration.ofMillis(500)); frame != null; frame = client.poll(Duration.ofMillis(500))) {
            received.add(JSON.valueToTree(frame.get()));
        }
    }

    // --- the document

    private static List<JsonNode> clientMessages() {
        return messages("client");
    }

    private static List<JsonNode> serverMessages() {
        return messages("server");
    }

    /** The chat socket's messages whose component name starts with {@code side}. */
    private static List<JsonNode> messages(String side) {
        List<JsonNode> found = new ArrayList<>();
        DOCUMENT.root().path("channels").path("chatSocket").path("messages").forEach(ref -> {
            String name = ref.path("$ref").asText().replace("#/components/messages/", "");
            if (name.startsWith(side)) {
                found.add(DOCUMENT.resolved(ref));
            }
        });
        assertTrue(!found.isEmpty(), side + " messages");
        return found;
    }

    /** Messages by the {@code type} their payload fixes. */
    private static Map<String, JsonNode> byType(List<JsonNode> messages) {
        Map<String, JsonNode> byType = new LinkedHashMap<>();
        for (JsonNode message : messages) {
            JsonNode payload = message.path("payload");
            JsonNode type = payload.path("properties").path("type").path("const");
            for (JsonNode part : payload.path("allOf")) {
                if (type.isMissingNode()) {
                    type = part.path("properties").path("type").path("const");
                }
            }
            assertTrue(type.isTextual(), "a frame's type is fixed: " + message.path("name"));
            byType.put(type.asText(), message);
        }
        return new java.util.TreeMap<>(byType);
    }

    private static Set<String> enumOf(String schema, String property) {
        return StreamSupport.stream(DOCUMENT.schema(schema).path("properties").path(property).path("enum").spliterator(), false)
                .map(JsonNode::asText).collect(Collectors.toCollection(TreeSet::new));
    }

    // --- the code

    private static Set<String> matches(Path file, String regex) throws IOException {
        Set<String> found = new TreeSet<>();
        Matcher m = Pattern.compile(regex).matcher(Files.readString(SOURCES.resolve(file)));
        while (m.find()) {
            found.add(m.group(1));
        }
        assertTrue(!found.isEmpty(), regex + " in " + file);
        return found;
    }

    private static Set<String> matchesEverywhere(String... regexes) throws IOException {
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                for (String regex : regexes) {
                    Matcher m = Pattern.compile(regex).matcher(source);
                    while (m.find()) {
                        found.add(m.group(1));
                    }
                }
            }
        }
        return found;
    }

    private static String id() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
