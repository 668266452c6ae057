package io.helpdesk.platform.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;

import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.security.TokenClaims;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Serves the JWKS of {@link TestTokens} over HTTP on a free port, as the auth-service serves its
 * own, and points smallrye-jwt at it, so a service verifies test tokens exactly as it verifies real
 * ones. It also answers the client-credentials grant as the auth-service does ({@code POST /v1/tokens}
 * with HTTP Basic client credentials), with a SERVICE token for that client, so a service's calls
 * to another carry a real, verifiable service token ({@code AUTH_URL} points there).
 */
public class JwtTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String JWKS_PATH = "/.well-known/jwks.json";
    public static final String TOKEN_PATH = "/v1/tokens";

    private StubServer server;

    @Override
    public Map<String, String> start() {
        String jwks = TestTokens.jwks();
        server = StubServer.start(JWKS_PATH, exchange -> StubServer.reply(exchange, 200, "application/json", jwks))
                .also(TOKEN_PATH, JwtTestResource::clientCredentials);
        return Map.of(
                "AUTH_URL", server.url(),
                "mp.jwt.verify.publickey.location", server.url() + JWKS_PATH,
                "mp.jwt.verify.issuer", TokenClaims.DEFAULT_ISSUER,
                "mp.jwt.verify.audiences", TokenClaims.DEFAULT_AUDIENCE,
                // The auth-service signs with the same test key, so its tokens verify everywhere too.
                "auth.jwt.signing-key", TestTokens.privateKeyPem(),
                "auth.jwt.signing-key-id", TestTokens.KEY_ID);
    }

    /** A SERVICE token for the client named in HTTP Basic; 401 without credentials or for another grant. */
    private static void clientCredentials(HttpExchange exchange) throws java.io.IOException {
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String basic = exchange.getRequestHeaders().getFirst("Authorization");
        if (!"POST".equals(exchange.getRequestMethod()) || !form.contains("grant_type=client_credentials")
                || basic == null || !basic.startsWith("Basic ")) {
            StubServer.reply(exchange, 401, "application/problem+json", "{\"status\":401}");
            return;
        }
        String client = new String(Base64.getDecoder().decode(basic.substring(6).trim()), StandardCharsets.UTF_8).split(":")[0];
        String token = TestTokens.forUser("service:" + client).role(Roles.SERVICE).sign();
        StubServer.reply(exchange, 200, "application/json",
                "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":300}");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
