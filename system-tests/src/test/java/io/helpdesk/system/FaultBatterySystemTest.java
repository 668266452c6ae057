package io.helpdesk.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.helpdesk.platform.testing.ChatClient;
import io.helpdesk.platform.testing.MongoTestResource;
import io.helpdesk.platform.testing.RedisTestResource;
import io.helpdesk.platform.testing.SmtpTestResource;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * The system under faults, each with a pass/fail check that nothing was lost: Redis restarted under
 * load, the notification-service away for a minute, a chat instance killed, MongoDB restarted, SMTP
 * down. While a dependency is down every service answers a 503 problem or still serves, never a 500;
 * what each answered is written to {@code target/fault-battery.md}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultBatterySystemTest {

    /** How long the notification-service stays away; the battery's own requirement is a minute. */
    private static final Duration NOTIFICATION_OUTAGE = Duration.parse(
            System.getProperty("helpdesk.faults.notification-outage", "PT60S"));
    private static final Duration OUTAGE = Duration.ofSeconds(6);
    private static final int LOAD_CUSTOMERS = 6;
    private static final int MAILS_PER_LOAD_CUSTOMER = 50;

    private SystemStack stack;
    private Map<String, String> customer;
    private Probes probes;

    @BeforeAll
    void start() {
        stack = SystemStack.shared();
        customer = stack.newCustomer("fault");
        probes = Probes.everyService(stack, customer.get("accessToken"), stack.agent(), stack.admin());
        probes.send("all up").forEach(answer -> assertTrue(answer.status() >= 200 && answer.status() < 300,
                () -> "before any fault: " + answer));
    }

    @AfterAll
    void report() {
        Probes.writeReport(Path.of("target/fault-battery.md"));
    }

    @Test
    void redisRestartedUnderLoadLosesNoTicketAndNoMail() throws Exception {
        String prefix = "Redis load " + UUID.randomUUID().toString().substring(0, 6) + " #";
        // Each address may get 60 mails an hour: the load spreads over enough customers to stay under it.
        List<Map<String, String>> customers = new ArrayList<>();
        for (int i = 0; i < LOAD_CUSTOMERS; i++) {
            customers.add(stack.newCustomer("redis-load"));
        }
        Map<String, Map<String, String>> ownerOf = new ConcurrentHashMap<>();
        List<String> created = Collections.synchronizedList(new ArrayList<>());
        List<String> refused = Collections.synchronizedList(new ArrayList<>());
        List<String> unacceptable = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean loading = new AtomicBoolean(true);
        Thread load = new Thread(() -> {
            for (int i = 0; loading.get() && i < LOAD_CUSTOMERS * MAILS_PER_LOAD_CUSTOMER; i++) {
                String subject = prefix + i;
                Map<String, String> owner = customers.get(i % LOAD_CUSTOMERS);
                ownerOf.put(subject, owner);
                Response response = createTicket(owner, subject);
                switch (response.statusCode()) {
                    case 201 -> created.add(subject);
                    case 503 -> refused.add(subject);
                    default -> unacceptable.add(subject + ": " + response.statusCode() + " " + response.asString());
                }
                if (response.statusCode() == 503 && !response.contentType().startsWith("application/problem+json")) {
                    unacceptable.add(subject + ": 503 without a problem body");
                }
            }
        });
        load.start();
        try {
            Thread.sleep(2000);
            RedisTestResource.stopServer();
            Instant back = Instant.now().plus(OUTAGE);
            while (Instant.now().isBefore(back)) {
                assertAcceptable(probes.send("Redis down"));
            }
            RedisTestResource.startServer();
            awaitEveryServiceServes();
            Thread.sleep(2000);
        } finally {
            loading.set(false);
            load.join();
            RedisTestResource.startServer();
        }
        assertTrue(unacceptable.isEmpty(), () -> "answers under load: " + unacceptable);
        assertTrue(created.size() > 5, "tickets were created before and after the restart: " + created.size());
        for (Map<String, String> owner : customers) {
            awaitMailsOnce(owner.get("email"), created.stream().filter(s -> ownerOf.get(s) == owner)
                    .map(s -> "We received your request: " + s).toList());
        }
        for (String subject : refused) {
            assertEquals(0, mails(ownerOf.get(subject).get("email"), "We received your request: " + subject),
                    "a refused request left nothing behind: " + subject);
        }
        for (Map<String, String> owner : customers) {
            List<String> stored = given().auth().oauth2(owner.get("accessToken")).queryParam("size", 100)
                    .when().get(stack.url(SystemStack.TICKET) + "/v1/ticket").then().statusCode(200)
                    .extract().jsonPath().getList("items.subject", String.class);
            for (String subject : created.stream().filter(s -> ownerOf.get(s) == owner).toList()) {
                assertEquals(1, Collections.frequency(stored, subject), "stored once: " + subject);
            }
        }
        assertChatCrossesInstances();
    }

    @Test
    void notificationServiceAwayForAMinuteSendsEveryMailOnceWhenBack() throws Exception {
        String prefix = "While notifications are away " + UUID.randomUUID().toString().substring(0, 6) + " #";
        Map<String, String> customer = stack.newCustomer("notifications-away");
        List<String> subjects = new ArrayList<>();
        stack.stop(SystemStack.NOTIFICATION);
        Instant until = Instant.now().plus(NOTIFICATION_OUTAGE);
        try {
            for (int i = 0; Instant.now().isBefore(until); i++) {
                String subject = prefix + i;
                Response response = createTicket(customer, subject);
                assertEquals(201, response.statusCode(), response::asString);
                subjects.add(subject);
                if (i == 0) {
                    assertAcceptable(probes.send("notification-service stopped"));
                }
                Thread.sleep(Math.min(10_000, Math.max(0, Duration.between(Instant.now(), until).toMillis())));
            }
        } finally {
            stack.start(SystemStack.NOTIFICATION);
        }
        List<String> expected = subjects.stream().map(s -> "We received your request: " + s).toList();
        awaitMailsOnce(customer.get("email"), expected);
        Thread.sleep(5000); // a late duplicate would show now
        for (String subject : expected) {
            assertEquals(1, mails(customer.get("email"), subject), subject);
        }
    }

    @Test
    void aKilledChatInstancesClientsReconnectToTheOtherAndMissNothing() throws Exception {
        String ticketId = stack.openTicket(customer.get("accessToken"), "Chat failover");
        String room = "ticket:" + ticketId;
        String tag = UUID.randomUUID().toString().substring(0, 6);
        List<String> sent = new ArrayList<>();
        List<JsonPath> heard = new ArrayList<>();
        ChatClient customerOnA = ChatClient.connect(URI.create(stack.chatSocket(SystemStack.CHAT)), customer.get("accessToken"));
        try (ChatClient agentOnB = ChatClient.connect(URI.create(stack.chatSocket(SystemStack.CHAT_B)), stack.agent())) {
            join(customerOnA, room, null);
            join(agentOnB, room, null);
            for (int i = 0; i < 3; i++) {
                sent.add(say(agentOnB, room, tag + "-" + i));
                heard.add(nextTagged(customerOnA, tag));
            }
            stack.kill(SystemStack.CHAT);
            customerOnA.closed.handle((code, error) -> code).get(30, java.util.concurrent.TimeUnit.SECONDS);
            for (int i = 3; i < 8; i++) {
                sent.add(say(agentOnB, room, tag + "-" + i)); // acknowledged: stored and published
            }
            long lastSeq = heard.get(heard.size() - 1).getLong("seq");
            try (ChatClient customerOnB = ChatClient.connect(URI.create(stack.chatSocket(SystemStack.CHAT_B)),
                    customer.get("accessToken"))) {
                customerOnB.send(Map.of("type", "join", "room", room, "lastSeq", lastSeq));
                for (int i = 3; i < 8; i++) {
                    heard.add(nextTagged(customerOnB, tag));
                }
                customerOnB.next("joined");
                sent.add(say(agentOnB, room, tag + "-8"));
                heard.add(nextTagged(customerOnB, tag));
                assertTrue(nothingTaggedWithin(customerOnB, tag, Duration.ofSeconds(2)), "no message twice");
            }
        } finally {
            customerOnA.close();
            stack.start(SystemStack.CHAT);
        }
        assertEquals(sent, heard.stream().map(frame -> frame.getString("text")).toList(), "every message once, in order");
        List<Long> seqs = heard.stream().map(frame -> frame.getLong("seq")).toList();
        for (int i = 1; i < seqs.size(); i++) {
            assertTrue(seqs.get(i) > seqs.get(i - 1), "sequence rises: " + seqs);
        }
    }

    @Test
    void mongoRestartedAnswers503ProblemsThenServesTheSameData() throws Exception {
        String subject = "Before the MongoDB restart " + UUID.randomUUID();
        Map<String, String> customer = stack.newCustomer("mongo-restart");
        String ticketId = stack.openTicket(customer.get("accessToken"), subject);
        MongoTestResource.stopServer();
        try {
            List<Probes.Answer> answers = probes.send("MongoDB down");
            assertAcceptable(answers);
            assertTrue(answers.stream().anyMatch(answer -> answer.status() == 503),
                    () -> "the services that need MongoDB say so: " + answers);
        } finally {
            MongoTestResource.startServer();
        }
        awaitEveryServiceServes();
        given().auth().oauth2(customer.get("accessToken")).when().get(stack.url(SystemStack.TICKET) + "/v1/ticket/" + ticketId)
                .then().statusCode(200).body("subject", org.hamcrest.Matchers.equalTo(subject));
        awaitMailsOnce(customer.get("email"), List.of("We received your request: " + subject));
    }

    @Test
    void smtpDownDelaysMailButLosesNone() throws Exception {
        String prefix = "While SMTP is down " + UUID.randomUUID().toString().substring(0, 6) + " #";
        Map<String, String> customer = stack.newCustomer("smtp-down");
        List<String> expected = new ArrayList<>();
        SmtpTestResource.stopServer();
        try {
            for (int i = 0; i < 3; i++) {
                String subject = prefix + i;
                Response response = createTicket(customer, subject);
                assertEquals(201, response.statusCode(), response::asString);
                expected.add("We received your request: " + subject);
            }
            Instant back = Instant.now().plus(OUTAGE);
            while (Instant.now().isBefore(back)) {
                assertAcceptable(probes.send("SMTP down"));
                Thread.sleep(1000);
            }
        } finally {
            SmtpTestResource.startServer();
        }
        awaitMailsOnce(customer.get("email"), expected);
    }

    // --- helpers

    private Response createTicket(Map<String, String> owner, String subject) {
        return given().auth().oauth2(owner.get("accessToken")).contentType("application/json")
                .body(Map.of("subject", subject, "description", "Created by the fault battery", "priority", "NORMAL"))
                .when().post(stack.url(SystemStack.TICKET) + "/v1/ticket");
    }

    /** A message sent through one chat instance reaches a member on the other. */
    private void assertChatCrossesInstances() {
        Map<String, String> owner = stack.newCustomer("chat-after-restart");
        String room = "ticket:" + stack.openTicket(owner.get("accessToken"), "Chat after a Redis restart");
        try (ChatClient customerOnA = ChatClient.connect(URI.create(stack.chatSocket(SystemStack.CHAT)), owner.get("accessToken"));
                ChatClient agentOnB = ChatClient.connect(URI.create(stack.chatSocket(SystemStack.CHAT_B)), stack.agent())) {
            join(customerOnA, room, null);
            join(agentOnB, room, null);
            String tag = UUID.randomUUID().toString().substring(0, 6);
            say(agentOnB, room, tag);
            assertEquals(tag, nextTagged(customerOnA, tag).getString("text"));
        }
    }

    private static void assertAcceptable(List<Probes.Answer> answers) {
        for (Probes.Answer answer : answers) {
            assertTrue(answer.acceptable(), () -> "a 503 problem or a normal answer, never a 500: " + answer);
        }
    }

    /** Every probe answers 2xx again: the services reconnected by themselves. */
    private void awaitEveryServiceServes() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            for (Probes.Answer answer : probes.send("recovering")) {
                assertTrue(answer.status() >= 200 && answer.status() < 300, answer::toString);
            }
        });
    }

    private static void awaitMailsOnce(String to, List<String> subjects) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Map<String, Integer> counts = new ConcurrentHashMap<>();
            for (String subject : subjects) {
                counts.put(subject, mails(to, subject));
            }
            assertTrue(counts.values().stream().allMatch(count -> count == 1), () -> "mails per subject: " + counts);
        });
    }

    private static int mails(String to, String subject) throws MessagingException {
        int count = 0;
        for (MimeMessage message : SmtpTestResource.greenMail().getReceivedMessages()) {
            if (subject.equals(message.getSubject()) && message.getRecipients(Message.RecipientType.TO) != null
                    && java.util.Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                            .anyMatch(address -> address.toString().contains(to))) {
                count++;
            }
        }
        return count;
    }

    private static void join(ChatClient client, String room, Long lastSeq) {
        client.send(lastSeq == null ? Map.of("type", "join", "room", room) : Map.of("type", "join", "room", room, "lastSeq", lastSeq));
        client.next("joined");
    }

    private static String say(ChatClient client, String room, String text) {
        client.send(Map.of("type", "message", "room", room, "clientId", text, "text", text));
        JsonPath ack = client.next("ack");
        assertEquals(text, ack.getString("clientId"));
        return text;
    }

    private static JsonPath nextTagged(ChatClient client, String tag) {
        while (true) {
            JsonPath message = client.next("message");
            if (message.getString("text").startsWith(tag)) {
                return message;
            }
        }
    }

    private static boolean nothingTaggedWithin(ChatClient client, String tag, Duration wait) {
        Instant until = Instant.now().plus(wait);
        while (Instant.now().isBefore(until)) {
            JsonPath frame = client.poll(Duration.ofMillis(200));
            if (frame != null && "message".equals(frame.getString("type")) && frame.getString("text").startsWith(tag)) {
                return false;
            }
        }
        return true;
    }
}
