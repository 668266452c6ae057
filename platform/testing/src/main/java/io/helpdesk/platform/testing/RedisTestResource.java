package io.helpdesk.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.helpdesk.platform.contracts.Channels;
import io.helpdesk.platform.security.Revocation;
import io.helpdesk.platform.security.RevocationStore;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import redis.embedded.RedisServer;

/**
 * Starts a real Redis 7 server (the binary bundled by org.signal:embedded-redis) on a free port and
 * points {@code quarkus.redis} at it. Under the Dev Services switch it starts nothing.
 */
public class RedisTestResource implements QuarkusTestResourceLifecycleManager {

    private static volatile RedisServer server;
    private static volatile int port;
    private static volatile Path dataDir;

    @Override
    public Map<String, String> start() {
        if (DevServicesSwitch.enabled()) {
            return Map.of();
        }
        stopServer(); // a server another test class's resources left running is not this one's
        port = FreePorts.next();
        try {
            dataDir = Files.createTempDirectory("redis-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        startServer();
        return Map.of("quarkus.redis.hosts", "redis://localhost:" + port);
    }

    @Override
    public void stop() {
        stopServer();
    }

    public static int port() {
        return port;
    }

    /** Stops Redis (it keeps its data in an append-only file, as in production); the service sees it go away. */
    public static synchronized void stopServer() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** Starts Redis again on the same port with the same data; the service's client reconnects to it. */
    public static synchronized void startServer() {
        if (server == null) {
            RedisServer started = RedisServer.builder()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("dir " + dataDir)
                    .setting("appendonly yes")
                    .build();
            started.start();
            server = started;
        }
    }

    /**
     * Sends one command over a connection of its own and returns the reply, so a test can see what
     * the service stored without going through the service's client.
     */
    public static String command(String... args) {
        return RespClient.command("localhost", port, args);
    }

    /** Sends one command and returns the whole reply (arrays as lists), as {@link RespClient#call} does. */
    public static Object call(String... args) {
        return RespClient.call("localhost", port, args);
    }

    /** Marks one token id revoked for a minute, as the auth-service does on logout. */
    public static void revokeToken(String jti) {
        command("SET", RevocationStore.JTI_PREFIX + jti, "1", "EX", "60");
    }

    /** Ends a session as the auth-service does: the line every service reads, then the announcement. */
    public static void revokeSession(String sessionId) {
        command("SET", RevocationStore.SESSION_PREFIX + sessionId, "1", "EX", "60");
        announce(new Revocation(Revocation.Kind.SESSION, sessionId, 0));
    }

    /** Announces a revocation on the channel open connections listen to, without writing any line. */
    public static void announce(Revocation revocation) {
        command("PUBLISH", Channels.REVOCATIONS_CHANNEL, revocation.encode());
    }
}
