package io.helpdesk.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts a real S3 server, s3proxy with its filesystem backend in a temporary directory, on a free port,
 * and points the service's object store at it ({@code helpdesk.storage.backend=s3}). Requests are signed
 * with AWS v4 and checked against {@link #ACCESS_KEY_ID}/{@link #SECRET_ACCESS_KEY}, keys that exist for
 * tests only. The bucket is left for the service to create, as it does at start.
 *
 * <p>Needs {@code org.gaul:s3proxy} on the test classpath (an optional dependency of this module, so a
 * module that tests against S3 declares it).
 */
public class S3TestResource implements QuarkusTestResourceLifecycleManager {

    /** Test-only credentials: s3proxy accepts these and nothing else. */
    public static final String ACCESS_KEY_ID = "helpdesk-test-access-key";
    public static final String SECRET_ACCESS_KEY = "helpdesk-test-secret-key-not-for-any-real-use";
    public static final String REGION = "us-east-1";
    public static final String BUCKET = "helpdesk-test";

    private static volatile S3Proxy proxy;
    private static volatile BlobStore store;
    private static volatile Path directory;
    private static volatile int port;

    @Override
    public Map<String, String> start() {
        stop(); // a server another test class's resources left running is not this one's
        try {
            directory = Files.createTempDirectory("helpdesk-s3-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", directory.toString());
        store = BlobStores.create("filesystem", properties);
        port = FreePorts.next();
        startServer();
        return Map.of(
                "helpdesk.storage.backend", "s3",
                "helpdesk.storage.s3.bucket", BUCKET,
                "quarkus.s3.endpoint-override", endpoint(),
                "quarkus.s3.aws.region", REGION,
                "quarkus.s3.path-style-access", "true",
                "helpdesk.storage.s3.access-key-id", ACCESS_KEY_ID,
                "helpdesk.storage.s3.secret-access-key", SECRET_ACCESS_KEY);
    }

    @Override
    public void stop() {
        stopServer();
        store = null;
        if (directory != null) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            } catch (IOException e) {
                // a temporary directory left behind is harmless
            }
            directory = null;
        }
    }

    /** The server's address, for a client of the test's own. */
    public static String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Where the server keeps the objects: {@code <directory>/<bucket>/<key>}. */
    public static Path directory() {
        return directory;
    }

    /** Takes the server away (connections are refused), keeping what it stored. */
    public static synchronized void stopServer() {
        if (proxy != null) {
            try {
                proxy.stop();
            } catch (Exception e) {
                throw new IllegalStateException("s3proxy did not stop", e);
            }
            proxy = null;
        }
    }

    /** Starts the server (again) on the same port with the same objects. */
    public static synchronized void startServer() {
        if (proxy != null) {
            return;
        }
        S3Proxy started = S3Proxy.builder().blobStore(store).endpoint(URI.create(endpoint()))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY_ID, SECRET_ACCESS_KEY)
                .build();
        try {
            started.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"STARTED".equals(started.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("s3proxy did not start on port " + port + ": " + started.getState());
                }
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy did not start on port " + port, e);
        }
        proxy = started;
    }
}
