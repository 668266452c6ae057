package io.helpdesk.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;

import io.helpdesk.security.TokenClaims;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Serves the JWKS of {@link TestTokens} over HTTP on a free port, as the auth-service serves its
 * own, and points smallrye-jwt at it, so a service verifies test tokens exactly as it verifies real
 * ones.
 */
public class JwtTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String JWKS_PATH = "/.well-known/jwks.json";

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] jwks = TestTokens.jwks().getBytes(StandardCharsets.UTF_8);
        server.createContext(JWKS_PATH, exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(jwks);
            }
        });
        server.start();
        return Map.of(
                "mp.jwt.verify.publickey.location", jwksUrl(server.getAddress().getPort()),
                "mp.jwt.verify.issuer", TokenClaims.DEFAULT_ISSUER,
                "mp.jwt.verify.audiences", TokenClaims.DEFAULT_AUDIENCE,
                // The auth-service signs with the same test key, so its tokens verify everywhere too.
                "auth.jwt.signing-key", TestTokens.privateKeyPem(),
                "auth.jwt.signing-key-id", TestTokens.KEY_ID);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    public static String jwksUrl(int port) {
        return "http://localhost:" + port + JWKS_PATH;
    }
}
