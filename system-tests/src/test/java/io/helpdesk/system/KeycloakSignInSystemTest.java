package io.helpdesk.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.helpdesk.platform.devstack.ServiceProcess;
import io.helpdesk.platform.testing.FreePorts;
import io.restassured.path.json.JsonPath;

/**
 * Sign-in with a real OpenID Connect provider: Keycloak's distribution (from Maven Central, unpacked
 * into target/keycloak by the build) started on a free port with the realm of
 * {@code keycloak/helpdesk-realm.json}, and the packaged auth-service beside it, configured for it by
 * environment variables alone, as a deployment would be. A browser is played over plain HTTP with a
 * cookie jar: the start with the client's PKCE challenge, the auth-service's 302 to Keycloak, Keycloak's
 * login form, its redirect back with the code, the one-time code of the sign-in, and its exchange, with
 * the client's verifier, for the project's tokens. Both run on 127.0.0.1: Keycloak's loopback redirect
 * URI matches any port there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeycloakSignInSystemTest {

    private static final String CLIENT_SECRET = "helpdesk-keycloak-client-secret-for-the-system-test";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Pattern FORM = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ACTION = Pattern.compile("action=\"([^\"]+)\"");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root = Path.of(System.getProperty("helpdesk.root", "..")).toAbsolutePath().normalize();
    private Process keycloak;
    private ServiceProcess auth;
    private String keycloakUrl;
    private String authUrl;

    @BeforeAll
    void start() throws Exception {
        Path home = Path.of(System.getProperty("helpdesk.keycloak.home"));
        assertTrue(Files.isRegularFile(home.resolve("bin/kc.sh")), "Keycloak is unpacked by the build into " + home);
        Path logs = Files.createDirectories(root.resolve("system-tests/target/keycloak-sign-in"));
        int keycloakPort = FreePorts.next();
        keycloakUrl = "http://127.0.0.1:" + keycloakPort;
        keycloak = startKeycloak(home, keycloakPort, logs);

        // One more auth-service instance beside the shared stack's, on its stores (whose lifetime the stack
        // owns), configured with the provider.
        Map<String, String> env = SystemStack.shared().environment();
        int authPort = FreePorts.next();
        authUrl = "http://127.0.0.1:" + authPort;
        env.put("AUTH_PUBLIC_URL", authUrl);
        // A provider by configuration alone: the tenant "keycloak", from environment variables.
        env.put("QUARKUS_OIDC_KEYCLOAK_AUTH_SERVER_URL", keycloakUrl + "/realms/helpdesk");
        env.put("QUARKUS_OIDC_KEYCLOAK_CLIENT_ID", "helpdesk");
        env.put("QUARKUS_OIDC_KEYCLOAK_CREDENTIALS_SECRET", CLIENT_SECRET);
        env.put("QUARKUS_OIDC_KEYCLOAK_APPLICATION_TYPE", "web-app");
        env.put("QUARKUS_OIDC_KEYCLOAK_AUTHENTICATION_SCOPES", "email,profile");
        env.put("QUARKUS_OIDC_KEYCLOAK_AUTHENTICATION_PKCE_REQUIRED", "true");
        env.put("QUARKUS_OIDC_KEYCLOAK_AUTHENTICATION_REMOVE_REDIRECT_PARAMETERS", "false");
        env.put("QUARKUS_OIDC_KEYCLOAK_AUTHENTICATION_REDIRECT_PATH", "/v1/user/oauth/keycloak");

        // The auth-service contacts Keycloak at startup (discovery, keys): Keycloak first.
        awaitKeycloak(logs.resolve("keycloak.log"));
        auth = ServiceProcess.start("auth-service", root.resolve("auth-service/target/quarkus-app/quarkus-run.jar"),
                authPort, env, logs);
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!auth.ready()) {
            if (!auth.alive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("auth-service did not become ready:\n" + auth.logTail(60));
            }
            Thread.sleep(250);
        }
    }

    @AfterAll
    void stop() {
        if (auth != null) {
            auth.stop(Duration.ofSeconds(10));
        }
        if (keycloak != null) {
            keycloak.descendants().forEach(ProcessHandle::destroy);
            keycloak.destroy();
        }
    }

    @Test
    void aKeycloakUserSignsInAndGetsTheProjectsTokens() throws Exception {
        JsonPath providers = JsonPath.from(send(HttpRequest.newBuilder(URI.create(authUrl + "/v1/user/oauth")).GET(), 200));
        assertTrue(providers.getList("id").contains("keycloak"), providers.prettify());
        assertEquals(authUrl + "/v1/user/oauth/keycloak{?code_challenge,code_challenge_method}",
                providers.getString("find { it.id == 'keycloak' }.start"));

        JsonPath first = signIn("alice", "alice-pass");
        String access = first.getString("accessToken");
        JsonPath profile = JsonPath.from(send(HttpRequest.newBuilder(URI.create(authUrl + "/v1/user"))
                .header("Authorization", "Bearer " + access).GET(), 200));
        assertEquals("alice@example.test", profile.getString("email"));
        assertEquals("CUSTOMER", profile.getString("role"));
        assertEquals("Alice Keycloak", profile.getString("name"));

        // The refresh token rotates like a login's; a second sign-in finds the same account by its link.
        String refreshed = send(HttpRequest.newBuilder(URI.create(authUrl + "/v1/tokens/refresh"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"refreshToken\":\"" + first.getString("refreshToken") + "\"}")), 200);
        assertTrue(JsonPath.from(refreshed).getString("accessToken") != null);
        JsonPath second = signIn("alice", "alice-pass");
        String again = send(HttpRequest.newBuilder(URI.create(authUrl + "/v1/user"))
                .header("Authorization", "Bearer " + second.getString("accessToken")).GET(), 200);
        assertEquals(profile.getString("id"), JsonPath.from(again).getString("id"));
    }

    @Test
    void aCodeIsRedeemedOnlyWithTheVerifierOfTheClientThatStartedTheSignIn() throws Exception {
        // No challenge, no start.
        HttpResponse<String> bare = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(authUrl + "/v1/user/oauth/keycloak")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, bare.statusCode(), bare.body());
        assertTrue(bare.body().contains("\"code_challenge\""), bare.body());

        // A code that reached another client (its own verifier): refused, and used up for everyone.
        String verifier = verifier();
        String code = code("alice", "alice-pass", verifier);
        exchange(code, verifier(), 400, "codeVerifier");
        exchange(code, verifier, 400, "code");
    }

    @Test
    void aStartThatAPageOfAnotherSiteSetsOffIsRefused() throws Exception {
        URI start = URI.create(authUrl + "/v1/user/oauth/keycloak?code_challenge=" + challenge(verifier()));
        HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(start)
                .header("Sec-Fetch-Site", "cross-site").header("Referer", "https://attacker.test/").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("https://helpdesk.local/problems/cross-site-sign-in"), refused.body());
        assertTrue(refused.headers().firstValue("Location").isEmpty());
        // Without Sec-Fetch headers (a client that is not a browser) it goes to Keycloak.
        HttpResponse<String> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(start).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, plain.statusCode(), plain.body());
        assertTrue(plain.headers().firstValue("Location").orElseThrow().startsWith(keycloakUrl + "/realms/helpdesk/"));
    }

    private static String verifier() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String challenge(String verifier) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    private String exchange(String code, String verifier, int expected, String failingField) throws Exception {
        String body = send(HttpRequest.newBuilder(URI.create(authUrl + "/v1/user/oauth/exchange"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\",\"codeVerifier\":\"" + verifier + "\"}")),
                expected);
        if (failingField != null) {
            assertEquals(failingField, JsonPath.from(body).getString("errors[0].field"), body);
        }
        return body;
    }

    /** The browser part and the exchange of the sign-in's one-time code with the starting client's verifier. */
    private JsonPath signIn(String username, String password) throws Exception {
        String verifier = verifier();
        return JsonPath.from(exchange(code(username, password, verifier), verifier, 200, null));
    }

    /** The browser part with a fresh cookie jar, started with the verifier's challenge: the sign-in's one-time code. */
    private String code(String username, String password, String verifier) throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> start = browser.send(HttpRequest.newBuilder(
                URI.create(authUrl + "/v1/user/oauth/keycloak?code_challenge=" + challenge(verifier))).GET());
        assertEquals(302, start.statusCode(), start.body());
        String authorize = start.headers().firstValue("Location").orElseThrow();
        assertTrue(authorize.startsWith(keycloakUrl + "/realms/helpdesk/"), authorize);
        assertTrue(authorize.contains("code_challenge_method=S256") && authorize.contains("state="), authorize);

        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(authorize)).GET());
        assertEquals(200, page.statusCode(), page.body());
        Matcher form = FORM.matcher(page.body());
        assertTrue(form.find(), "Keycloak's login form");
        Matcher action = ACTION.matcher(form.group());
        assertTrue(action.find(), form.group());
        String login = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&credentialId=";
        HttpResponse<String> loggedIn = browser.send(HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(login)));
        assertEquals(302, loggedIn.statusCode(), loggedIn.body());
        String callback = loggedIn.headers().firstValue("Location").orElseThrow();
        assertTrue(callback.startsWith(authUrl + "/v1/user/oauth/keycloak?"), callback);

        // No front-end page is configured here: the callback answers the one-time code as JSON.
        HttpResponse<String> answer = browser.send(HttpRequest.newBuilder(URI.create(callback)).GET());
        assertEquals(200, answer.statusCode(), answer.body());
        return JsonPath.from(answer.body()).getString("code");
    }

    /**
     * A browser's cookie jar, kept simply: every cookie a response sets goes back to 127.0.0.1 on any
     * port, whatever its path and flags, until a response expires it (the JDK's cookie manager lost
     * Keycloak's login-session cookie on the way to the login form).
     */
    private static final class Browser {
        private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
        private final Map<String, String> cookies = new LinkedHashMap<>();

        HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
            if (!cookies.isEmpty()) {
                request.header("Cookie", String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String header : response.headers().allValues("Set-Cookie")) {
                String pair = header.split(";", 2)[0];
                int eq = pair.indexOf('=');
                String name = pair.substring(0, eq).trim();
                String value = pair.substring(eq + 1).trim();
                if (value.isEmpty() || header.toLowerCase().contains("max-age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            return response;
        }
    }

    private static String send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, response.statusCode(), response.body());
        return response.body();
    }

    /** A fresh realm each run: the stored state is dropped and the realm imported again. */
    private static Process startKeycloak(Path home, int port, Path logs) throws IOException {
        deleteTree(home.resolve("data"));
        Path imports = Files.createDirectories(home.resolve("data/import"));
        try (InputStream realm = KeycloakSignInSystemTest.class.getResourceAsStream("/keycloak/helpdesk-realm.json")) {
            Files.copy(realm, imports.resolve("helpdesk-realm.json"));
        }
        List<String> command = new ArrayList<>(List.of("bash", home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + port, "--http-management-port=" + FreePorts.next(),
                "--import-realm"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(logs.resolve("keycloak.log").toFile());
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin-for-the-system-test");
        // Keycloak runs on the JDK of this build (17 works); KEYCLOAK_JAVA_HOME picks another (it documents 21+).
        builder.environment().put("JAVA_HOME", System.getenv().getOrDefault("KEYCLOAK_JAVA_HOME", System.getProperty("java.home")));
        return builder.start();
    }

    private void awaitKeycloak(Path log) throws Exception {
        URI discovery = URI.create(keycloakUrl + "/realms/helpdesk/.well-known/openid-configuration");
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        while (true) {
            try {
                if (client.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (!keycloak.isAlive() || Instant.now().isAfter(deadline)) {
                List<String> lines = Files.readAllLines(log);
                throw new IllegalStateException("Keycloak did not start:\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
            }
            Thread.sleep(500);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
