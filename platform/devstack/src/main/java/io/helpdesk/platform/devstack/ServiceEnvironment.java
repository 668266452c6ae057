package io.helpdesk.platform.devstack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The environment the devstack gives every service: where MongoDB, Redis and SMTP are, where the
 * other services are, and the local secrets kept in the data directory. The system tests start the
 * services with the same environment.
 */
public final class ServiceEnvironment {

    private ServiceEnvironment() {
    }

    /**
     * What {@code devstack --data-dir dataDir --port-offset portOffset}, started with this process's
     * environment, gives its services, for a process started beside that devstack (a second instance of a
     * service, a benchmark).
     */
    public static Map<String, String> ofDevstack(Path dataDir, int portOffset) throws IOException {
        return of(DevstackConfig.from(new String[] { "--data-dir", dataDir.toString(), "--port-offset",
                Integer.toString(portOffset) }, System.getenv()));
    }

    /**
     * What the devstack started with {@code config} gives every one of its services (one map for all five:
     * the ticket-service keeps attachments and imports in the object store, the auth-service avatars): the
     * stores, and where the files are kept. With S3 that is the devstack's own server, or the external one
     * named by {@code HELPDESK_STORAGE_S3_ENDPOINT} with the {@code HELPDESK_STORAGE_S3_*} settings given
     * beside it (path-style unless they say otherwise, as MinIO and most S3-compatible servers want).
     */
    static Map<String, String> of(DevstackConfig config) throws IOException {
        Map<String, String> env = of(config.mongoUri(), config.redisUrl(), config.smtpHost(), config.smtpPort(),
                name -> config.port(DevstackConfig.defaultPort(name)), config.dataDir());
        if (!config.s3()) {
            env.put("HELPDESK_STORAGE_BACKEND", "gridfs");
            return env;
        }
        env.put("HELPDESK_STORAGE_BACKEND", "s3");
        env.put("HELPDESK_STORAGE_S3_ENDPOINT", config.s3Endpoint());
        if (config.embeddedS3()) {
            DevSecrets secrets = DevSecrets.loadOrCreate(config.dataDir());
            env.put("HELPDESK_STORAGE_S3_PATH_STYLE", "true");
            env.put("HELPDESK_STORAGE_S3_REGION", "us-east-1");
            env.put("HELPDESK_STORAGE_S3_BUCKET", DevstackConfig.S3_BUCKET);
            env.put("HELPDESK_STORAGE_S3_ACCESS_KEY_ID", DevSecrets.S3_ACCESS_KEY_ID);
            env.put("HELPDESK_STORAGE_S3_SECRET_ACCESS_KEY", secrets.s3SecretKey());
        } else {
            env.putAll(config.externalS3Settings());
            env.putIfAbsent("HELPDESK_STORAGE_S3_PATH_STYLE", "true");
        }
        return env;
    }

    /**
     * @param port the port a service (by name: "auth-service" … "chat-service") runs on
     * @param dataDir where the local secrets are made once and kept
     */
    public static Map<String, String> of(String mongoUri, String redisUrl, String smtpHost, int smtpPort,
            ToIntFunction<String> port, Path dataDir) throws IOException {
        DevSecrets secrets = DevSecrets.loadOrCreate(dataDir);
        int authPort = port.applyAsInt("auth-service");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MONGODB_URI", mongoUri);
        env.put("REDIS_URL", redisUrl);
        env.put("SMTP_HOST", smtpHost);
        env.put("SMTP_PORT", Integer.toString(smtpPort));
        env.put("LOG_JSON", "false");
        // No trace collector runs here: spans go nowhere, and the exporter's warning per batch says so.
        env.put("QUARKUS_LOG_CATEGORY__IO_QUARKUS_OPENTELEMETRY_RUNTIME_EXPORTER_OTLP_SENDER__LEVEL", "ERROR");
        env.put("AUTH_JWKS_URL", "http://localhost:" + authPort + "/.well-known/jwks.json");
        env.put("AUTH_PUBLIC_URL", "http://localhost:" + authPort);
        // The issuer every service verifies is where the auth-service serves its discovery document.
        env.put("AUTH_ISSUER", "http://localhost:" + authPort);
        // Service clients: the auth-service reads them, chat and analytics ask for SERVICE tokens with them.
        env.put("AUTH_URL", "http://localhost:" + authPort);
        env.put("AUTH_CLIENTS_CHAT", secrets.chatClientSecret());
        env.put("AUTH_CLIENTS_ANALYTICS", secrets.analyticsClientSecret());
        env.put("AUTH_SIGNING_KEY", secrets.signingKeyPem());
        env.put("HELPDESK_EVENT_SEALING_KEY", secrets.sealingKey());
        env.put("AUTH_SEED_USERS", DevSecrets.seedUsers());
        env.put("NOTIFICATIONS_UNSUBSCRIBE_KEY", secrets.unsubscribeKey());
        // The chat page as the devstack prints it, and under the other name a browser may be given for it.
        int chatPort = port.applyAsInt("chat-service");
        env.put("CORS_ORIGINS", "http://localhost:" + chatPort + ",http://127.0.0.1:" + chatPort);
        env.put("TICKET_SERVICE_URL", "http://localhost:" + port.applyAsInt("ticket-service"));
        env.put("NOTIFICATIONS_PUBLIC_URL", "http://localhost:" + port.applyAsInt("notification-service"));
        return env;
    }
}
