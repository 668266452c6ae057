package io.helpdesk.system;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.helpdesk.platform.devstack.ServiceProcess;
import io.helpdesk.platform.testing.FreePorts;

/**
 * A setting the service cannot work without stops it at start, naming the setting, instead of a service that
 * starts, reports ready and fails every request that needs it: the auth-service's signing key, missing or not a
 * key, and the sealing key of event fields, not 32 bytes, as a Secret left empty or filled with the wrong file
 * would give them. Each start is one more instance beside the shared stack's, on its stores.
 */
class StartupConfigurationSystemTest {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    @ParameterizedTest
    @ValueSource(strings = { "", "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----" })
    void anAuthServiceWithoutAUsableSigningKeyStopsAtStartNamingIt(String signingKey) throws Exception {
        assertStopsAtStartNaming("auth-service", "AUTH_SIGNING_KEY", signingKey);
    }

    /** The services that seal or open event fields (a welcome mail's code, a reset's) need the sealing key. */
    @ParameterizedTest
    @ValueSource(strings = { "auth-service", "notification-service" })
    void aServiceThatSealsStopsAtStartOnASealingKeyThatIsNotOne(String service) throws Exception {
        assertStopsAtStartNaming(service, "HELPDESK_EVENT_SEALING_KEY", "dG9vIHNob3J0");
    }

    /** A service that seals nothing does not read the sealing key: a wrong one does not stop it. */
    @Test
    void aServiceThatSealsNothingStartsWhateverTheSealingKey() throws Exception {
        Map<String, String> env = SystemStack.shared().environment();
        env.put("HELPDESK_EVENT_SEALING_KEY", "dG9vIHNob3J0");
        ServiceProcess ticket = start("ticket-service", env);
        try {
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            while (!ticket.ready()) {
                assertTrue(ticket.alive() && Instant.now().isBefore(deadline), () -> "did not start:\n" + ticket.logTail(40));
                Thread.sleep(250);
            }
        } finally {
            ticket.stop(Duration.ofSeconds(10));
        }
    }

    private static void assertStopsAtStartNaming(String service, String variable, String value) throws Exception {
        Map<String, String> env = SystemStack.shared().environment();
        env.put(variable, value);
        ServiceProcess process = start(service, env);
        try {
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            boolean everReady = false;
            while (process.alive() && Instant.now().isBefore(deadline)) {
                everReady |= process.ready();
                Thread.sleep(250);
            }
            assertFalse(process.alive(), () -> "still running after " + START_TIMEOUT + ":\n" + process.logTail(40));
            assertFalse(everReady, "reported ready");
            String log = Files.readString(process.log());
            assertTrue(log.contains(variable), () -> "the log does not name " + variable + ":\n" + process.logTail(40));
        } finally {
            process.stop(Duration.ofSeconds(5));
        }
    }

    private static ServiceProcess start(String service, Map<String, String> env) throws Exception {
        return ServiceProcess.start(service, ServiceConfig.ROOT.resolve(service + "/target/quarkus-app/quarkus-run.jar"),
                FreePorts.next(), env, Files.createTempDirectory("startup-configuration"));
    }
}
