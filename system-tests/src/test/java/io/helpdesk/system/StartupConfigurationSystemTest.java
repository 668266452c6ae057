package io.helpdesk.system;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.helpdesk.platform.devstack.ServiceProcess;
import io.helpdesk.platform.testing.FreePorts;

/**
 * A setting the service cannot work without stops it at start, naming the setting, instead of a service that
 * starts, reports ready and fails every request that needs it: the auth-service's signing key, missing or not a
 * key, as a Secret left empty or filled with the wrong file would give it. Each start is one more auth-service
 * beside the shared stack's, on its stores.
 */
class StartupConfigurationSystemTest {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    @ParameterizedTest
    @ValueSource(strings = { "", "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----" })
    void anAuthServiceWithoutAUsableSigningKeyStopsAtStartNamingIt(String signingKey) throws Exception {
        Map<String, String> env = SystemStack.shared().environment();
        env.put("AUTH_SIGNING_KEY", signingKey);
        Path logs = Files.createTempDirectory("startup-configuration");
        Path root = Path.of(System.getProperty("helpdesk.root", "..")).toAbsolutePath().normalize();
        ServiceProcess auth = ServiceProcess.start("auth-service", root.resolve("auth-service/target/quarkus-app/quarkus-run.jar"),
                FreePorts.next(), env, logs);
        try {
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            boolean everReady = false;
            while (auth.alive() && Instant.now().isBefore(deadline)) {
                everReady |= auth.ready();
                Thread.sleep(250);
            }
            assertFalse(auth.alive(), () -> "still running after " + START_TIMEOUT + ":\n" + auth.logTail(40));
            assertFalse(everReady, "reported ready");
            String log = Files.readString(auth.log());
            assertTrue(log.contains("AUTH_SIGNING_KEY"), () -> "the log does not name AUTH_SIGNING_KEY:\n" + auth.logTail(40));
        } finally {
            auth.stop(Duration.ofSeconds(5));
        }
    }
}
