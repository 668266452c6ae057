package io.helpdesk.testing;

import java.util.Map;

import io.helpdesk.security.TokenClaims;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Serves the JWKS of {@link TestTokens} over HTTP on a free port, as the auth-service serves its
 * own, and points smallrye-jwt at it, so a service verifies test tokens exactly as it verifies real
 * ones.
 */
public class JwtTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String JWKS_PATH = "/.well-known/jwks.json";

    private StubServer server;

    @Override
    public Map<String, String> start() {
        String jwks = TestTokens.jwks();
        server = StubServer.start(JWKS_PATH, exchange -> StubServer.reply(exchange, 200, "application/json", jwks));
        return Map.of(
                "mp.jwt.verify.publickey.location", server.url() + JWKS_PATH,
                "mp.jwt.verify.issuer", TokenClaims.DEFAULT_ISSUER,
                "mp.jwt.verify.audiences", TokenClaims.DEFAULT_AUDIENCE,
                // The auth-service signs with the same test key, so its tokens verify everywhere too.
                "auth.jwt.signing-key", TestTokens.privateKeyPem(),
                "auth.jwt.signing-key-id", TestTokens.KEY_ID);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
