package io.helpdesk.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.helpdesk.platform.testing.ChatClient;
import io.helpdesk.platform.testing.FreePorts;
import io.restassured.path.json.JsonPath;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * The one-command local run, as a newcomer gets it: the devstack process starts the infrastructure
 * and the five packaged services, reports them ready, refuses a second copy, and on SIGTERM leaves
 * no process behind. Ports are shifted so it can run beside a devstack someone already has open.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DevstackSystemTest {

    private static final List<Integer> SERVICE_PORTS = List.of(8081, 8082, 8083, 8084, 8085);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private Path data;
    private int offset;
    private Process devstack;
    private final StringBuilder output = new StringBuilder();

    @BeforeAll
    void startDevstack() throws Exception {
        data = Files.createTempDirectory("devstack-system-test");
        offset = freeOffset();
        devstack = launch();
        CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> readUntilReady(devstack));
        assertTrue(ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS), () -> "devstack did not start:\n" + output);
    }

    @AfterAll
    void stopDevstack() throws Exception {
        if (devstack != null && devstack.isAlive()) {
            devstack.destroyForcibly();
            devstack.descendants().forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void everyServiceIsReadyAndAnswersProblemJson() {
        for (int port : SERVICE_PORTS) {
            String base = "http://localhost:" + (port + offset);
            given().when().get(base + "/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
            given().when().get(base + "/v1/no-such-route").then().statusCode(404)
                    .contentType(startsWith("application/problem+json"))
                    .header("X-Frame-Options", equalTo("DENY"))
                    .header("X-Content-Type-Options", equalTo("nosniff"))
                    .body("status", equalTo(404));
        }
        assertTrue(output.toString().contains("Press Ctrl-C to stop everything."), output::toString);
    }

    /**
     * A clean start writes no warning or error: one an operator sees at every start and cannot act on teaches them
     * to read past the ones that matter. The services' logs are the devstack's files, read up to each one's start.
     */
    @Test
    void aCleanStartLogsNoWarningOrError() throws IOException {
        for (String service : ServiceConfig.SERVICES.keySet()) {
            List<String> lines = serviceLog(data, service);
            int started = lines.indexOf(lines.stream().filter(line -> line.contains(" started in ")).findFirst()
                    .orElseThrow(() -> new AssertionError(service + " logged no start:\n" + String.join("\n", lines))));
            assertEquals(List.of(), warningsAndErrors(lines.subList(0, started + 1)), service);
        }
    }

    private static List<String> serviceLog(Path dataDir, String service) throws IOException {
        return Files.readAllLines(dataDir.resolve("logs").resolve(service + ".log"), StandardCharsets.UTF_8);
    }

    private static List<String> warningsAndErrors(List<String> lines) {
        return lines.stream().filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")).toList();
    }

    @Test
    void demoAccountsLogInWithTheirRoles() {
        String auth = "http://localhost:" + (8081 + offset);
        for (String[] account : new String[][] { { "admin@helpdesk.local", "admin-dev-password", "ADMIN" },
                { "agent@helpdesk.local", "agent-dev-password", "AGENT" },
                { "customer@helpdesk.local", "customer-dev-password", "CUSTOMER" } }) {
            String token = given().contentType("application/json")
                    .body(java.util.Map.of("email", account[0], "password", account[1]))
                    .when().post(auth + "/v1/user/login").then().statusCode(200).extract().path("accessToken");
            given().auth().oauth2(token).when().get(auth + "/v1/user").then().statusCode(200)
                    .body("role", equalTo(account[2]));
        }
        given().when().get(auth + "/.well-known/jwks.json").then().statusCode(200).body("keys[0].kty", equalTo("RSA"));
    }

    @Test
    void theChatPageLogsInJoinsAndChatsInARealBrowser() throws Exception {
        Path chromium = HeadlessChromium.installed().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(chromium != null, "Chromium is not installed (.ci/run installs it)");
        String chat = "http://localhost:" + (8085 + offset);
        String room = "team:agents";
        try (HeadlessChromium browser = new HeadlessChromium(chromium)) {
            // Credentials in the page's URL are ignored: a link cannot log anyone in or point the form elsewhere.
            browser.open(chat + "/?email=agent%40helpdesk.local&password=agent-dev-password&auth=http://evil.example");
            assertTrue(browser.waitFor("location.search !== '' && document.readyState === 'complete'", Duration.ofSeconds(10)));
            Thread.sleep(1500);
            assertFalse(browser.waitFor("document.getElementById('login').classList.contains('hidden')", Duration.ofSeconds(1)),
                    "the page logged in from its URL");

            // A user types into the forms; the page's Content-Security-Policy lets its script, its call to
            // the auth-service and its WebSocket through.
            browser.open(chat + "/");
            assertTrue(browser.waitFor("location.search === '' && document.readyState === 'complete'", Duration.ofSeconds(10)));
            browser.type("email", "agent@helpdesk.local");
            browser.type("password", "agent-dev-password");
            browser.submit("login");
            assertTrue(browser.waitFor("!document.getElementById('join').classList.contains('hidden')", Duration.ofSeconds(20)),
                    () -> "not logged in: " + pageText(browser));
            browser.type("room", room);
            browser.submit("join");
            assertTrue(browser.waitFor("!document.getElementById('say').classList.contains('hidden')", Duration.ofSeconds(20)),
                    () -> "not in the room: " + pageText(browser));
            browser.type("text", "Hello from Chromium");
            browser.submit("say");
            boolean said = browser.waitFor("document.getElementById('log').innerText.includes('me: Hello from Chromium')",
                    Duration.ofSeconds(30));
            assertTrue(said, () -> {
                try {
                    return "the page shows: " + browser.text("document.body.innerText");
                } catch (Exception e) {
                    return e.toString();
                }
            });
            assertTrue(browser.waitFor("document.getElementById('online').innerText.includes(nameOf(me))", Duration.ofSeconds(5)),
                    "the agent is listed online, by name");
            assertTrue(browser.text("document.getElementById('status').innerText").contains("In team:agents."));
        }

        // The message went through the server: it is in the room's history.
        String token = given().contentType("application/json")
                .body(java.util.Map.of("email", "agent@helpdesk.local", "password", "agent-dev-password"))
                .when().post("http://localhost:" + (8081 + offset) + "/v1/user/login").then().extract().path("accessToken");
        given().auth().oauth2(token).when().get(chat + "/v1/chat/rooms/" + room + "/messages").then().statusCode(200)
                .body("items.text", org.hamcrest.Matchers.hasItem("Hello from Chromium"));
    }

    @Test
    void theChatPageWorksUnderEitherNameOfThePrintedOriginAndSaysWhyWhenItCannotLogIn() throws Exception {
        Path chromium = HeadlessChromium.installed().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(chromium != null, "Chromium is not installed (.ci/run installs it)");
        int port = 8085 + offset;
        try (HeadlessChromium browser = new HeadlessChromium(chromium)) {
            // The printed origin with the other name for this machine: login (CORS to the auth-service), the
            // socket and a message all work.
            browser.open("http://127.0.0.1:" + port + "/");
            assertTrue(browser.waitFor("document.readyState === 'complete'", Duration.ofSeconds(10)));
            browser.type("email", "agent@helpdesk.local");
            browser.type("password", "agent-dev-password");
            browser.submit("login");
            assertTrue(browser.waitFor("!document.getElementById('join').classList.contains('hidden')", Duration.ofSeconds(20)),
                    () -> "not logged in at 127.0.0.1: " + pageText(browser));
            browser.type("room", "team:agents");
            browser.submit("join");
            assertTrue(browser.waitFor("!document.getElementById('say').classList.contains('hidden')", Duration.ofSeconds(20)),
                    () -> "not in the room at 127.0.0.1: " + pageText(browser));
            browser.type("text", "Hello from 127.0.0.1");
            browser.submit("say");
            assertTrue(browser.waitFor("document.getElementById('log').innerText.includes('me: Hello from 127.0.0.1')",
                    Duration.ofSeconds(30)), () -> "the page shows: " + pageText(browser));

            // An origin that is not in CORS_ORIGINS (another loopback address): the login is refused by the
            // browser, and the page says so instead of doing nothing.
            browser.open("http://127.0.0.2:" + port + "/");
            assertTrue(browser.waitFor("document.readyState === 'complete'", Duration.ofSeconds(10)));
            browser.type("email", "agent@helpdesk.local");
            browser.type("password", "agent-dev-password");
            browser.submit("login");
            assertTrue(browser.waitFor("document.getElementById('status').classList.contains('error')"
                    + " && document.getElementById('status').innerText.includes('CORS_ORIGINS')", Duration.ofSeconds(20)),
                    () -> "no error shown: " + pageText(browser));
            // A wrong password is said too.
            browser.open("http://localhost:" + port + "/");
            assertTrue(browser.waitFor("document.readyState === 'complete'", Duration.ofSeconds(10)));
            browser.type("email", "agent@helpdesk.local");
            browser.type("password", "not-the-password");
            browser.submit("login");
            assertTrue(browser.waitFor("document.getElementById('status').innerText.includes('Wrong email or password')",
                    Duration.ofSeconds(20)), () -> "no error shown: " + pageText(browser));
        }
    }

    private static String pageText(HeadlessChromium browser) {
        try {
            return browser.text("document.body.innerText");
        } catch (Exception e) {
            return e.toString();
        }
    }

    @Test
    void mailSentToItsSmtpServerShowsInTheInbox() throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "localhost");
        props.put("mail.smtp.port", String.valueOf(3025 + offset));
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress("helpdesk@example.com"));
        message.addRecipient(Message.RecipientType.TO, new InternetAddress("ada@example.com"));
        message.setSubject("Hello from the system test");
        message.setText("It works");
        Transport.send(message);

        String inbox = "http://localhost:" + (8025 + offset);
        String id = given().when().get(inbox + "/api/v1/messages").then().statusCode(200)
                .extract().path("messages.find { it.Subject == 'Hello from the system test' }.ID");
        given().when().get(inbox + "/api/v1/message/" + id).then()
                .statusCode(200)
                .body("To[0].Address", equalTo("ada@example.com"))
                .body("Text", startsWith("It works"));
    }

    @Test
    void theDemoAccountsGetTheirWelcomeMailThroughTheNotificationService() {
        String inbox = "http://localhost:" + (8025 + offset);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).untilAsserted(() ->
                given().when().get(inbox + "/api/v1/messages").then().statusCode(200)
                        .body("messages.findAll { it.Subject == 'Welcome to Helpdesk' }.To.flatten().Address",
                                org.hamcrest.Matchers.hasItem("customer@helpdesk.local")));
    }

    /**
     * The whole product as a customer and an agent live it, across all five services and the inbox:
     * sign up, open a ticket, the agent is told and answers, the answer arrives by mail, both chat in
     * the ticket's room, the ticket is closed and counted, and a password reset by emailed code ends
     * every old token everywhere.
     */
    @Test
    void aCustomerAndAnAgentLiveThroughATicketAndAPasswordReset() throws Exception {
        String auth = url(8081);
        String tickets = url(8082);
        String analytics = url(8083);
        String notifications = url(8084);
        String email = "journey-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String password = "Journey-password-" + java.util.UUID.randomUUID();

        given().contentType("application/json")
                .body(Map.of("email", email, "name", "Jo Journey", "password", password))
                .when().post(auth + "/v1/user").then().statusCode(201);
        // Signing in waits for the address: the welcome mail carries the code that verifies it.
        given().contentType("application/json").body(Map.of("email", email, "password", password))
                .when().post(auth + "/v1/user/login").then().statusCode(403);
        java.util.regex.Matcher verification = java.util.regex.Pattern.compile("(?m)^\\s*(\\d{6})\\s*$")
                .matcher(awaitMail(email, "Welcome to Helpdesk"));
        assertTrue(verification.find(), "a verification code in the welcome mail");
        given().contentType("application/json").body(Map.of("email", email, "code", verification.group(1)))
                .when().post(auth + "/v1/user/verify-email").then().statusCode(200);
        JsonPath customerLogin = login(email, password);
        String customer = customerLogin.getString("accessToken");
        String customerRefresh = customerLogin.getString("refreshToken");
        String customerId = given().auth().oauth2(customer).when().get(auth + "/v1/user").then().statusCode(200)
                .extract().path("id");
        String subject = "Printer on fire " + email;
        String ticketId = given().auth().oauth2(customer).contentType("application/json")
                .body(Map.of("subject", subject, "description", "Smoke from tray 2", "priority", "HIGH"))
                .when().post(tickets + "/v1/ticket").then().statusCode(201).extract().path("id");
        awaitMail(email, "We received your request: " + subject);

        String admin = login("admin@helpdesk.local", "admin-dev-password").getString("accessToken");
        String agent = login("agent@helpdesk.local", "agent-dev-password").getString("accessToken");
        String agentId = given().auth().oauth2(agent).when().get(auth + "/v1/user").then().extract().path("id");
        int closedBefore = closedToday(analytics, admin);
        given().auth().oauth2(admin).contentType("application/json").body(Map.of("assigneeId", agentId))
                .when().patch(tickets + "/v1/ticket/" + ticketId).then().statusCode(200);
        awaitMail("agent@helpdesk.local", "Assigned to you: " + subject);

        given().auth().oauth2(agent).contentType("application/json").body(Map.of("text", "Unplug it, we are on our way."))
                .when().put(tickets + "/v1/ticket/" + ticketId).then().statusCode(200);
        String reply = awaitMail(email, "New reply: " + subject);
        assertTrue(reply.contains("Unplug it, we are on our way."), reply);

        URI chat = URI.create("ws://localhost:" + (8085 + offset) + "/v1/chat");
        try (ChatClient customerChat = ChatClient.connect(chat, customer);
                ChatClient agentChat = ChatClient.connect(chat, agent)) {
            String room = "ticket:" + ticketId;
            customerChat.join(room);
            agentChat.join(room);
            customerChat.send(Map.of("type", "message", "room", room, "clientId", "c-1", "text", "It stopped smoking"));
            JsonPath heard = agentChat.next("message");
            assertEquals("It stopped smoking", heard.getString("text"));
            assertEquals(customerId, heard.getString("sender"));
            agentChat.send(Map.of("type", "message", "room", room, "clientId", "a-1", "text", "Good, closing the ticket"));
            assertEquals("Good, closing the ticket", nextMessageFrom(customerChat, agentId).getString("text"));
        }

        given().auth().oauth2(agent).when().patch(tickets + "/v1/ticket/close-ticket/" + ticketId).then().statusCode(200)
                .body("status", equalTo("CLOSED"));
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertEquals(closedBefore + 1, closedToday(analytics, admin)));

        given().contentType("application/json").body(Map.of("email", email))
                .when().post(auth + "/v1/user/reset-password").then().statusCode(202);
        String codeMail = awaitMail(email, "Your password reset code");
        java.util.regex.Matcher code = java.util.regex.Pattern.compile("\\b(\\d{6})\\b").matcher(codeMail);
        assertTrue(code.find(), codeMail);
        String newPassword = "Another-journey-password-" + java.util.UUID.randomUUID();
        given().contentType("application/json").body(Map.of("email", email, "otp", code.group(1), "newPassword", newPassword))
                .when().patch(auth + "/v1/user/reset-password").then().statusCode(200);

        // Every old token is refused by every service; the new password works.
        given().auth().oauth2(customer).when().get(auth + "/v1/user").then().statusCode(401);
        given().auth().oauth2(customer).when().get(tickets + "/v1/ticket/" + ticketId).then().statusCode(401);
        given().auth().oauth2(customer).when().get(analytics + "/v1/analytics/overview").then().statusCode(401);
        given().auth().oauth2(customer).when().get(notifications + "/v1/notifications/preferences").then().statusCode(401);
        assertThrows(java.util.concurrent.CompletionException.class, () -> ChatClient.connect(chat, customer).close());
        given().contentType("application/json").body(Map.of("refreshToken", customerRefresh))
                .when().post(auth + "/v1/tokens/refresh").then().statusCode(401);
        login(email, password, 401);
        String fresh = login(email, newPassword).getString("accessToken");
        given().auth().oauth2(fresh).when().get(tickets + "/v1/ticket/" + ticketId).then().statusCode(200)
                .body("status", equalTo("CLOSED"));
    }

    private String url(int port) {
        return "http://localhost:" + (port + offset);
    }

    private JsonPath login(String email, String password) {
        return login(email, password, 200);
    }

    private JsonPath login(String email, String password, int status) {
        return given().contentType("application/json").body(Map.of("email", email, "password", password))
                .when().post(url(8081) + "/v1/user/login").then().statusCode(status).extract().jsonPath();
    }

    private int closedToday(String analytics, String admin) {
        java.time.Instant today = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        Integer closed = given().auth().oauth2(admin).queryParam("from", today.toString())
                .queryParam("to", today.plus(Duration.ofDays(1)).toString())
                .when().get(analytics + "/v1/analytics/overview").then().statusCode(200)
                .extract().path("report.byStatus.CLOSED");
        return closed == null ? 0 : closed;
    }

    /** Waits for the one mail with this subject to this address in the inbox and returns its text. */
    private String awaitMail(String to, String subject) {
        String inbox = url(8025);
        String[] id = new String[1];
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<String> ids = given().when().get(inbox + "/api/v1/messages").then().statusCode(200).extract().jsonPath()
                    .getList("messages.findAll { m -> m.Subject == '" + subject.replace("'", "\\'")
                            + "' && m.To.any { it.Address == '" + to + "' } }.ID");
            assertEquals(1, ids.size(), "mails '" + subject + "' to " + to);
            id[0] = ids.get(0);
        });
        return given().when().get(inbox + "/api/v1/message/" + id[0]).then().statusCode(200).extract().path("Text");
    }

    private static JsonPath nextMessageFrom(ChatClient client, String sender) {
        while (true) {
            JsonPath message = client.next("message");
            if (sender.equals(message.getString("sender"))) {
                return message;
            }
        }
    }

    @Test
    void aSecondCopyEndsWithAClearMessage() throws Exception {
        Process second = launch();
        assertTrue(second.waitFor(60, TimeUnit.SECONDS), "the second copy should stop by itself");
        String said = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, second.exitValue(), said);
        assertTrue(said.contains("already running"), said);
        assertFalse(said.contains("Exception"), said);
    }

    @Test
    void sigtermStopsEverythingAndLeavesNoProcessBehind() throws Exception {
        // Last by name order is not guaranteed, so this test restarts nothing: it runs on its own stack.
        Path ownData = Files.createTempDirectory("devstack-sigterm");
        int ownOffset = freeOffset();
        Process own = launch(ownData, ownOffset);
        StringBuilder ownOutput = new StringBuilder();
        CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> readUntilReady(own, ownOutput));
        assertTrue(ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS), () -> "devstack did not start:\n" + ownOutput);
        List<ProcessHandle> children = own.descendants().toList();
        assertTrue(children.size() >= 6, "five services and Redis, got " + children.size());

        own.destroy(); // SIGTERM, as Ctrl-C or a process manager sends
        assertTrue(own.waitFor(60, TimeUnit.SECONDS), "devstack should stop within a minute");
        for (ProcessHandle child : children) {
            assertTrue(child.onExit().get(10, TimeUnit.SECONDS) != null && !child.isAlive(),
                    () -> "left behind: " + child.info().commandLine().orElse(String.valueOf(child.pid())));
        }
        for (int port : SERVICE_PORTS) {
            assertTrue(FreePorts.isFree(port + ownOffset), "port " + (port + ownOffset) + " still open");
        }
        // Every service was asked to stop before the stores went: none logged a store gone under it.
        for (String service : ServiceConfig.SERVICES.keySet()) {
            List<String> lines = serviceLog(ownData, service);
            assertTrue(lines.stream().anyMatch(line -> line.contains(" stopped in ")), () -> service + " did not stop:\n"
                    + String.join("\n", lines));
            assertEquals(List.of(), warningsAndErrors(lines), service);
        }
    }

    private Process launch() throws IOException {
        return launch(data, offset);
    }

    private static Process launch(Path dataDir, int portOffset) throws IOException {
        String root = System.getProperty("helpdesk.root");
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.helpdesk.platform.devstack.Devstack",
                "--root", root, "--data-dir", dataDir.toString(), "--port-offset", String.valueOf(portOffset))
                .redirectErrorStream(true)
                .start();
    }

    private boolean readUntilReady(Process process) {
        return readUntilReady(process, output);
    }

    private static boolean readUntilReady(Process process, StringBuilder sink) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (sink) {
                    sink.append(line).append('\n');
                }
                if (line.contains("Press Ctrl-C")) {
                    // Keep draining so the devstack never blocks on a full pipe.
                    Thread drain = new Thread(() -> reader.lines().forEach(l -> { }));
                    drain.setDaemon(true);
                    drain.start();
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freeOffset() {
        List<Integer> ports = new java.util.ArrayList<>(List.of(27017, 6379, 3025, 8025));
        ports.addAll(SERVICE_PORTS);
        return FreePorts.offsetFreeFor(ports);
    }
}
