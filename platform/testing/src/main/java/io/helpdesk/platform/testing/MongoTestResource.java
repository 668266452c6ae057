package io.helpdesk.platform.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.util.Map;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts mongo-java-server (memory backend) on a free port and points {@code quarkus.mongodb} at it.
 * Under the Dev Services switch it starts nothing and Quarkus brings up a real MongoDB instead.
 */
public class MongoTestResource implements QuarkusTestResourceLifecycleManager {

    private static volatile MongoServer server;
    private static volatile MongoBackend backend;
    private static volatile int port;

    @Override
    public Map<String, String> start() {
        if (DevServicesSwitch.enabled()) {
            return Map.of();
        }
        stop(); // a server another test class's resources left running is not this one's
        port = FreePorts.next();
        backend = new MemoryBackend();
        startServer();
        return Map.of("quarkus.mongodb.connection-string", connectionString());
    }

    @Override
    public void stop() {
        stopServer();
        if (backend != null) {
            backend.close();
            backend = null;
        }
    }

    /** The address tests can use to reach the same server as the service, through their own client. */
    public static String connectionString() {
        return "mongodb://localhost:" + port;
    }

    /** Stops the server, keeping its data as a restarted MongoDB would; the service sees it go away. */
    public static synchronized void stopServer() {
        if (server != null) {
            server.shutdownNow();
            server = null;
        }
    }

    /** Starts the server again on the same port with the same data; the service's driver reconnects. */
    public static synchronized void startServer() {
        if (server == null) {
            MongoServer started = new MongoServer(keptOpen(backend));
            started.bind(new InetSocketAddress("localhost", port));
            server = started;
        }
    }

    /** The backend as the server sees it, minus close(): a stopped server must not drop the data. */
    private static MongoBackend keptOpen(MongoBackend backend) {
        return (MongoBackend) Proxy.newProxyInstance(MongoBackend.class.getClassLoader(), new Class<?>[] { MongoBackend.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        return null;
                    }
                    try {
                        return method.invoke(backend, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
