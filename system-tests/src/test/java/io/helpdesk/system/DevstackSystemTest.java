package io.helpdesk.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.helpdesk.testing.FreePorts;
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
                    .body("status", equalTo(404));
        }
        assertTrue(output.toString().contains("Press Ctrl-C to stop everything."), output::toString);
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
            browser.open(chat + "/?email=agent%40helpdesk.local&password=agent-dev-password&room="
                    + java.net.URLEncoder.encode(room, StandardCharsets.UTF_8) + "&say=Hello%20from%20Chromium");
            boolean said = browser.waitFor("document.getElementById('log').innerText.includes('me: Hello from Chromium')",
                    Duration.ofSeconds(30));
            assertTrue(said, () -> {
                try {
                    return "the page shows: " + browser.text("document.body.innerText");
                } catch (Exception e) {
                    return e.toString();
                }
            });
            assertTrue(browser.waitFor("document.getElementById('online').innerText.includes(me)", Duration.ofSeconds(5)),
                    "the agent is listed online");
            assertTrue(browser.text("document.getElementById('status').innerText").contains("In team:agents."));
        }

        // The message went through the server: it is in the room's history.
        String token = given().contentType("application/json")
                .body(java.util.Map.of("email", "agent@helpdesk.local", "password", "agent-dev-password"))
                .when().post("http://localhost:" + (8081 + offset) + "/v1/user/login").then().extract().path("accessToken");
        given().auth().oauth2(token).when().get(chat + "/v1/chat/rooms/" + room + "/messages").then().statusCode(200)
                .body("text", org.hamcrest.Matchers.hasItem("Hello from Chromium"));
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
    }

    private Process launch() throws IOException {
        return launch(data, offset);
    }

    private static Process launch(Path dataDir, int portOffset) throws IOException {
        String root = System.getProperty("helpdesk.root");
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.helpdesk.devstack.Devstack",
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
