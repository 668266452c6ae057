package io.helpdesk.devstack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * The environment the devstack gives every service: where MongoDB, Redis and SMTP are, where the
 * other services are, and the local secrets kept in the data directory. The system tests start the
 * services with the same environment.
 */
public final class ServiceEnvironment {

    private ServiceEnvironment() {
    }

    /**
     * @param port maps a service's default port (8081 auth … 8085 chat) to the one it runs on
     * @param dataDir where the local secrets are made once and kept
     */
    public static Map<String, String> of(String mongoUri, String redisUrl, String smtpHost, int smtpPort,
            IntUnaryOperator port, Path dataDir) throws IOException {
        DevSecrets secrets = DevSecrets.loadOrCreate(dataDir);
        int authPort = port.applyAsInt(8081);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MONGODB_URI", mongoUri);
        env.put("REDIS_URL", redisUrl);
        env.put("SMTP_HOST", smtpHost);
        env.put("SMTP_PORT", Integer.toString(smtpPort));
        env.put("LOG_JSON", "false");
        env.put("AUTH_JWKS_URL", "http://localhost:" + authPort + "/.well-known/jwks.json");
        env.put("AUTH_PUBLIC_URL", "http://localhost:" + authPort);
        env.put("AUTH_SIGNING_KEY", secrets.signingKeyPem());
        env.put("HELPDESK_EVENT_SEALING_KEY", secrets.sealingKey());
        env.put("AUTH_SEED_USERS", DevSecrets.seedUsers());
        env.put("NOTIFICATIONS_UNSUBSCRIBE_KEY", secrets.unsubscribeKey());
        env.put("CORS_ORIGINS", "http://localhost:" + port.applyAsInt(8085));
        env.put("TICKET_SERVICE_URL", "http://localhost:" + port.applyAsInt(8082));
        env.put("NOTIFICATIONS_PUBLIC_URL", "http://localhost:" + port.applyAsInt(8084));
        return env;
    }
}
