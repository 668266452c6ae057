package io.helpdesk.auth;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import io.helpdesk.platform.testing.StubServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.jwt.build.Jwt;

/**
 * Stand-ins for the sign-in providers, which lie outside the system, over HTTP on free ports:
 * <ul>
 * <li>GitHub: {@code /login/oauth/authorize}, {@code /login/oauth/access_token}, {@code /user} and
 * {@code /user/emails};</li>
 * <li>an OpenID Connect provider ("acme"): discovery, JWKS, authorize and a token endpoint that
 * returns an RS256-signed ID token.</li>
 * </ul>
 * Each authorize endpoint plays the provider's login page: the test says who logs in with an extra
 * {@code login} parameter (a JSON profile, base64url). The token endpoints hand out each code once and
 * only for the client's credentials, the same redirect_uri and a {@code code_verifier} whose S256 hash
 * is the challenge sent to authorize: a flow without PKCE gets no tokens.
 */
public class ProviderStandIns implements QuarkusTestResourceLifecycleManager {

    public static final String GITHUB_CLIENT = "github-test-client";
    public static final String GITHUB_SECRET = "github-test-secret-0123456789abcdef0123";
    public static final String ACME_CLIENT = "acme-test-client";
    public static final String ACME_SECRET = "acme-test-secret-with-at-least-32-characters";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What authorize granted: the code's client, redirect_uri, PKCE challenge and who logged in. */
    private record Grant(String clientId, String redirectUri, String challenge, Map<String, Object> profile) {
    }

    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> accessTokens = new ConcurrentHashMap<>();
    private final KeyPair acmeKeys = rsa();
    private StubServer github;
    private StubServer acme;

    @Override
    public Map<String, String> start() {
        github = StubServer.start("/login/oauth/authorize", this::authorize)
                .also("/login/oauth/access_token", exchange -> token(exchange, GITHUB_CLIENT, GITHUB_SECRET, null))
                .also("/user", this::githubUser);
        acme = StubServer.start("/realms/acme/.well-known/openid-configuration", this::discovery)
                .also("/realms/acme/protocol/auth", this::authorize)
                .also("/realms/acme/protocol/token", exchange -> token(exchange, ACME_CLIENT, ACME_SECRET, acmeIssuer()))
                .also("/realms/acme/protocol/jwks", this::jwks);
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.oidc.github.tenant-enabled", "true");
        config.put("quarkus.oidc.github.client-id", GITHUB_CLIENT);
        config.put("quarkus.oidc.github.credentials.secret", GITHUB_SECRET);
        config.put("quarkus.oidc.github.auth-server-url", github.url() + "/login/oauth");
        config.put("auth.oauth.github-api-url", github.url());
        config.put("quarkus.oidc.github.authentication.state-secret", "test-state-secret-of-at-least-32-characters");
        config.put("quarkus.oidc.acme.auth-server-url", acmeIssuer());
        config.put("quarkus.oidc.acme.client-id", ACME_CLIENT);
        config.put("quarkus.oidc.acme.credentials.secret", ACME_SECRET);
        config.put("quarkus.oidc.acme.application-type", "web-app");
        config.put("quarkus.oidc.acme.authentication.scopes", "email,profile");
        config.put("quarkus.oidc.acme.authentication.pkce-required", "true");
        config.put("quarkus.oidc.acme.authentication.remove-redirect-parameters", "false");
        config.put("quarkus.oidc.acme.authentication.redirect-path", "/v1/user/oauth/acme");
        config.put("auth.oauth.completion-url", "http://app.test/signed-in");
        return config;
    }

    @Override
    public void stop() {
        if (github != null) {
            github.close();
        }
        if (acme != null) {
            acme.close();
        }
    }

    private String acmeIssuer() {
        return acme.url() + "/realms/acme";
    }

    /** The login page: 302 back to the client with a code, or 400 for a request without PKCE. */
    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        String login = query.get("login");
        if (!"code".equals(query.get("response_type")) || query.get("client_id") == null || query.get("state") == null
                || query.get("redirect_uri") == null || !"S256".equals(query.get("code_challenge_method"))
                || query.get("code_challenge") == null || login == null) {
            StubServer.reply(exchange, 400, "text/plain", "bad authorization request");
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> profile = JSON.readValue(Base64.getUrlDecoder().decode(login), Map.class);
        String code = UUID.randomUUID().toString();
        codes.put(code, new Grant(query.get("client_id"), query.get("redirect_uri"), query.get("code_challenge"), profile));
        String back = query.get("redirect_uri") + "?code=" + code + "&state=" + URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Location", back);
        StubServer.reply(exchange, 302, null, null);
    }

    /** The code grant: each code once, for its client, redirect_uri and PKCE verifier. */
    private void token(HttpExchange exchange, String clientId, String secret, String issuer) throws IOException {
        Map<String, String> body = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String code = body.get("code");
        Grant grant = code == null ? null : codes.remove(code);
        String[] client = clientCredentials(exchange, body);
        if (grant == null || !"authorization_code".equals(body.get("grant_type")) || !clientId.equals(client[0])
                || !secret.equals(client[1]) || !clientId.equals(grant.clientId())
                || !grant.redirectUri().equals(body.get("redirect_uri"))
                || body.get("code_verifier") == null || !grant.challenge().equals(s256(body.get("code_verifier")))) {
            StubServer.reply(exchange, 400, "application/json", "{\"error\":\"invalid_grant\"}");
            return;
        }
        String accessToken = "at-" + UUID.randomUUID();
        accessTokens.put(accessToken, grant.profile());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", accessToken);
        answer.put("token_type", "bearer");
        if (issuer == null) {
            answer.put("scope", "user:email");
        } else {
            answer.put("expires_in", 300);
            var claims = Jwt.issuer(issuer).audience(clientId).subject(String.valueOf(grant.profile().get("sub")))
                    .claim("email_verified", Boolean.TRUE.equals(grant.profile().get("email_verified")));
            for (String claim : new String[] { "email", "name", "preferred_username" }) {
                if (grant.profile().get(claim) != null) {
                    claims.claim(claim, String.valueOf(grant.profile().get(claim)));
                }
            }
            answer.put("id_token", claims.expiresIn(300).jws().keyId("acme-1").sign(acmeKeys.getPrivate()));
        }
        StubServer.reply(exchange, 200, "application/json", JSON.writeValueAsString(answer));
    }

    /** GitHub's /user (the profile) and /user/emails (the addresses, with primary and verified). */
    private void githubUser(HttpExchange exchange) throws IOException {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        Map<String, Object> profile = auth == null ? null : accessTokens.get(auth.replaceFirst("(?i)^(bearer|token) ", ""));
        if (profile == null) {
            StubServer.reply(exchange, 401, "application/json", "{\"message\":\"Bad credentials\"}");
            return;
        }
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/user/emails")) {
            StubServer.reply(exchange, 200, "application/json", JSON.writeValueAsString(profile.get("emails")));
        } else if (path.equals("/user")) {
            Map<String, Object> user = new LinkedHashMap<>(profile);
            user.remove("emails");
            StubServer.reply(exchange, 200, "application/json", JSON.writeValueAsString(user));
        } else {
            StubServer.reply(exchange, 404, "application/json", "{}");
        }
    }

    private void discovery(HttpExchange exchange) throws IOException {
        String base = acmeIssuer();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("issuer", base);
        metadata.put("authorization_endpoint", base + "/protocol/auth");
        metadata.put("token_endpoint", base + "/protocol/token");
        metadata.put("jwks_uri", base + "/protocol/jwks");
        metadata.put("response_types_supported", new String[] { "code" });
        metadata.put("subject_types_supported", new String[] { "public" });
        metadata.put("id_token_signing_alg_values_supported", new String[] { "RS256" });
        metadata.put("code_challenge_methods_supported", new String[] { "S256" });
        StubServer.reply(exchange, 200, "application/json", JSON.writeValueAsString(metadata));
    }

    private void jwks(HttpExchange exchange) throws IOException {
        RSAPublicKey key = (RSAPublicKey) acmeKeys.getPublic();
        Map<String, Object> jwk = Map.of("kty", "RSA", "kid", "acme-1", "use", "sig", "alg", "RS256",
                "n", unsigned(key.getModulus()), "e", unsigned(key.getPublicExponent()));
        StubServer.reply(exchange, 200, "application/json", JSON.writeValueAsString(Map.of("keys", new Object[] { jwk })));
    }

    private static String[] clientCredentials(HttpExchange exchange, Map<String, String> body) {
        String basic = exchange.getRequestHeaders().getFirst("Authorization");
        if (basic != null && basic.startsWith("Basic ")) {
            String pair = new String(Base64.getDecoder().decode(basic.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return new String[] { URLDecoder.decode(pair.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(colon + 1), StandardCharsets.UTF_8) };
        }
        return new String[] { body.get("client_id"), body.get("client_secret") };
    }

    static Map<String, String> form(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
