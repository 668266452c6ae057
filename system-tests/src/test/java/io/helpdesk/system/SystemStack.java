package io.helpdesk.system;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import org.awaitility.Awaitility;

import io.helpdesk.platform.devstack.ServiceEnvironment;
import io.helpdesk.platform.devstack.ServiceProcess;
import io.helpdesk.platform.testing.FreePorts;
import io.helpdesk.platform.testing.MongoTestResource;
import io.helpdesk.platform.testing.RedisTestResource;
import io.helpdesk.platform.testing.SmtpTestResource;
import io.helpdesk.platform.testing.TestTokens;
import io.helpdesk.platform.testing.contract.OpenApiContract;
import io.restassured.path.json.JsonPath;

/**
 * The whole system as the devstack runs it (each service its own JVM on its packaged jar, the same
 * environment), with two chat instances, over MongoDB, Redis and SMTP servers this test JVM can stop
 * and start: the fault and security batteries run against it. Started once per test JVM.
 *
 * <p>The auth-service signs with the test key of {@link TestTokens} (TEST KEY), so the batteries can
 * forge tokens that are wrong in exactly one way.
 */
final class SystemStack {

    static final String AUTH = "auth-service";
    static final String TICKET = "ticket-service";
    static final String ANALYTICS = "analytics-service";
    static final String NOTIFICATION = "notification-service";
    static final String CHAT = "chat-service";
    static final String CHAT_B = "chat-service-b";

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);
    private static final Pattern CODE_LINE = Pattern.compile("(?m)^\\s*(\\d{6})\\s*$");
    private static SystemStack shared;

    private final Path root = Path.of(System.getProperty("helpdesk.root", "..")).toAbsolutePath().normalize();
    private final Path data;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, ServiceProcess> running = new LinkedHashMap<>();
    private final Map<String, String> env;
    private final int smtpPort;

    private SystemStack() throws IOException {
        data = Files.createTempDirectory("helpdesk-system");
        new MongoTestResource().start();
        new RedisTestResource().start();
        smtpPort = Integer.parseInt(new SmtpTestResource().start().get("quarkus.mailer.port"));
        for (String service : List.of(AUTH, TICKET, ANALYTICS, NOTIFICATION, CHAT, CHAT_B)) {
            ports.put(service, FreePorts.next());
        }
        env = new LinkedHashMap<>(ServiceEnvironment.of(MongoTestResource.connectionString(),
                "redis://localhost:" + RedisTestResource.port(), "localhost", smtpPort, ports::get, data));
        env.put("AUTH_SIGNING_KEY", TestTokens.privateKeyPem());
        env.put("AUTH_SIGNING_KEY_ID", TestTokens.KEY_ID);
        // Every test client logs in and verifies its address from 127.0.0.1: one address for the whole battery.
        env.put("AUTH_LOGIN_PER_IP_PER_MINUTE", "600");
        env.put("AUTH_VERIFICATION_CONFIRM_PER_IP_PER_MINUTE", "600");
    }

    /** The stack of this test JVM, started on first use and stopped when the JVM exits. */
    static synchronized SystemStack shared() {
        // Every request the journeys and batteries send through rest-assured is checked against the
        // answering service's live OpenAPI document.
        OpenApiContract.install();
        if (shared == null) {
            try {
                SystemStack stack = new SystemStack();
                Runtime.getRuntime().addShutdownHook(new Thread(stack::stopAll, "system-stack-stop"));
                for (String service : stack.ports.keySet()) {
                    stack.launch(service);
                }
                for (String service : stack.ports.keySet()) {
                    stack.awaitReady(service);
                }
                shared = stack;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /**
     * The environment the stack's services run with (its stores, signing key, limits), for a test that
     * runs one more instance of a service beside them, configured differently.
     */
    Map<String, String> environment() {
        return new LinkedHashMap<>(env);
    }

    String url(String service) {
        return "http://localhost:" + ports.get(service);
    }

    /** The issuer of the stack's tokens: the auth-service's URL, where its discovery document is served. */
    String issuer() {
        return env.get("AUTH_ISSUER");
    }

    String chatSocket(String service) {
        return "ws://localhost:" + ports.get(service) + "/v1/chat";
    }

    /** Starts a stopped service again and waits until it is ready. */
    void start(String service) {
        launch(service);
        awaitReady(service);
    }

    /** Stops a service gracefully (SIGTERM), as a rolling update does. */
    void stop(String service) {
        running.remove(service).stop(Duration.ofSeconds(20));
    }

    /** Kills a service at once (SIGKILL), as a lost node does. */
    void kill(String service) {
        running.remove(service).kill();
    }

    // --- accounts

    JsonPath login(String email, String password) {
        return given().contentType("application/json").body(Map.of("email", email, "password", password))
                .when().post(url(AUTH) + "/v1/user/login").then().statusCode(200).extract().jsonPath();
    }

    String token(String email, String password) {
        return login(email, password).getString("accessToken");
    }

    String admin() {
        return token("admin@helpdesk.local", "admin-dev-password");
    }

    String agent() {
        return token("agent@helpdesk.local", "agent-dev-password");
    }

    /**
     * Signs up a new customer, verifies the address with the code of the welcome mail as the user would,
     * and returns {email, password, accessToken, refreshToken, id}.
     */
    Map<String, String> newCustomer(String label) {
        String email = label + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String password = "Pw-" + UUID.randomUUID();
        register(email, label, password);
        JsonPath login = login(email, password);
        String access = login.getString("accessToken");
        String id = given().auth().oauth2(access).when().get(url(AUTH) + "/v1/user").then().statusCode(200)
                .extract().path("id");
        return Map.of("email", email, "password", password, "accessToken", access,
                "refreshToken", login.getString("refreshToken"), "id", id);
    }

    /** Signs up and confirms the address with the code the welcome mail carries: the account can log in. */
    void register(String email, String name, String password) {
        given().contentType("application/json").body(Map.of("email", email, "name", name, "password", password))
                .when().post(url(AUTH) + "/v1/user").then().statusCode(201);
        given().contentType("application/json").body(Map.of("email", email, "code", verificationCode(email)))
                .when().post(url(AUTH) + "/v1/user/verify-email").then().statusCode(200);
    }

    /** The code in the welcome mail to this address, once the notification-service has sent it. */
    static String verificationCode(String email) {
        String[] code = new String[1];
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            for (MimeMessage message : SmtpTestResource.greenMail().getReceivedMessages()) {
                if ("Welcome to Helpdesk".equals(message.getSubject()) && message.getRecipients(Message.RecipientType.TO) != null
                        && Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                                .anyMatch(address -> address.toString().equalsIgnoreCase(email))) {
                    Matcher found = CODE_LINE.matcher(plainText(message));
                    if (found.find()) {
                        code[0] = found.group(1);
                        return;
                    }
                }
            }
            throw new AssertionError("no welcome mail with a code to " + email);
        });
        return code[0];
    }

    private static String plainText(Part part) throws Exception {
        if (part.isMimeType("text/plain")) {
            return part.getContent().toString();
        }
        if (part.isMimeType("multipart/*")) {
            Multipart parts = (Multipart) part.getContent();
            for (int i = 0; i < parts.getCount(); i++) {
                String text = plainText(parts.getBodyPart(i));
                if (!text.isEmpty()) {
                    return text;
                }
            }
        }
        return "";
    }

    String openTicket(String token, String subject) {
        return given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("subject", subject, "description", "Opened by the system tests", "priority", "NORMAL"))
                .when().post(url(TICKET) + "/v1/ticket").then().statusCode(201).extract().path("id");
    }

    // --- processes

    private void launch(String service) {
        String module = service.equals(CHAT_B) ? CHAT : service;
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        try {
            running.put(service, ServiceProcess.start(service, jar, ports.get(service), env, data.resolve("logs")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(String service) {
        ServiceProcess process = running.get(service);
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (!process.ready()) {
            if (!process.alive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(service + " did not become ready:\n" + process.logTail(40));
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The last lines a service logged, for failure messages. */
    String logTail(String service) {
        ServiceProcess process = running.get(service);
        return process == null ? "(not running)" : process.logTail(40);
    }

    private void stopAll() {
        // As the devstack stops: every service asked at once, the stores stopped after the last.
        running.values().forEach(ServiceProcess::requestStop);
        running.values().forEach(process -> process.awaitStop(Duration.ofSeconds(10)));
        running.clear();
        new SmtpTestResource().stop();
        new RedisTestResource().stop();
        new MongoTestResource().stop();
    }
}
