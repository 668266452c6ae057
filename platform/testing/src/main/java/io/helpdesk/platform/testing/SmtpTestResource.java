package io.helpdesk.platform.testing;

import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts GreenMail SMTP on a free port and points quarkus-mailer at it, so mail really travels over
 * SMTP. Between tests clear it with {@code SmtpTestResource.greenMail().purgeEmailFromAllMailboxes()}:
 * {@code GreenMail.reset()} moves it to another port and the mailer loses it.
 */
public class SmtpTestResource implements QuarkusTestResourceLifecycleManager {

    private static volatile GreenMail greenMail;
    private static volatile int port;

    @Override
    public Map<String, String> start() {
        stopServer(); // a server another test class's resources left running is not this one's
        port = FreePorts.next();
        startServer();
        return Map.of(
                "quarkus.mailer.host", "localhost",
                "quarkus.mailer.port", String.valueOf(port),
                "quarkus.mailer.mock", "false",
                "quarkus.mailer.start-tls", "DISABLED",
                "quarkus.mailer.tls", "false",
                "quarkus.mailer.from", "helpdesk@test.local");
    }

    @Override
    public void stop() {
        stopServer();
    }

    public static GreenMail greenMail() {
        return greenMail;
    }

    /** Takes the SMTP server away (connections are refused), for outage tests. */
    public static synchronized void stopServer() {
        if (greenMail != null) {
            greenMail.stop();
            greenMail = null;
        }
    }

    /** Brings an empty SMTP server back on the same port. */
    public static synchronized void startServer() {
        if (greenMail == null) {
            GreenMail started = new GreenMail(new ServerSetup(port, "localhost", ServerSetup.PROTOCOL_SMTP));
            started.start();
            greenMail = started;
        }
    }
}
