package io.helpdesk.testing;

import java.net.InetSocketAddress;
import java.util.Map;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts mongo-java-server (memory backend) on a free port and points {@code quarkus.mongodb} at it.
 * Under the Dev Services switch it starts nothing and Quarkus brings up a real MongoDB instead.
 */
public class MongoTestResource implements QuarkusTestResourceLifecycleManager {

    private static volatile MongoServer server;
    private static volatile int port;

    @Override
    public Map<String, String> start() {
        if (DevServicesSwitch.enabled()) {
            return Map.of();
        }
        port = FreePorts.next();
        startServer();
        return Map.of("quarkus.mongodb.connection-string", connectionString());
    }

    @Override
    public void stop() {
        stopServer();
    }

    /** The address tests can use to reach the same server as the service, through their own client. */
    public static String connectionString() {
        return "mongodb://localhost:" + port;
    }

    /** Stops the server; the service sees MongoDB go away. */
    public static synchronized void stopServer() {
        if (server != null) {
            server.shutdownNow();
            server = null;
        }
    }

    /** Starts a fresh, empty server on the same port; the service's driver reconnects to it. */
    public static synchronized void startServer() {
        if (server == null) {
            MongoServer started = new MongoServer(new MemoryBackend());
            started.bind(new InetSocketAddress("localhost", port));
            server = started;
        }
    }
}
