package io.helpdesk.platform.devstack;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the devstack keeps its data, which ports it uses and which infrastructure it starts itself.
 * Environment variables with the names the services read ({@code MONGODB_URI}, {@code REDIS_URL},
 * {@code SMTP_HOST}/{@code SMTP_PORT}, {@code HELPDESK_STORAGE_S3_ENDPOINT} with the other
 * {@code HELPDESK_STORAGE_S3_*} settings) point it at external servers instead of starting its own;
 * {@code HELPDESK_STORAGE_BACKEND=gridfs} keeps the files in MongoDB.
 */
record DevstackConfig(
        Path root,
        Path dataDir,
        int portOffset,
        String externalMongoUri,
        String externalRedisUrl,
        String externalSmtpHost,
        Integer externalSmtpPort,
        String externalS3Endpoint,
        Map<String, String> externalS3Settings,
        String storageBackend,
        boolean startServices,
        MongoStore mongoStore) {

    /**
     * How the embedded MongoDB-wire server keeps its data: in memory with every change journaled to a
     * file (the default: queries as fast as the memory backend, data kept across restarts), or in
     * mongo-java-server's H2 backend (what the devstack used before; it reads a file that one wrote).
     */
    enum MongoStore {
        JOURNAL("memory + journal", "helpdesk-journal.mv"),
        H2("H2 files", "helpdesk.mv");

        final String label;
        final String fileName;

        MongoStore(String label, String fileName) {
            this.label = label;
            this.fileName = fileName;
        }

        static MongoStore of(String name) {
            return switch (name) {
                case "journal" -> JOURNAL;
                case "h2" -> H2;
                default -> throw new UsageException("--mongo-store is journal or h2, not " + name);
            };
        }
    }

    static final int MONGO_PORT = 27017;
    static final int REDIS_PORT = 6379;
    static final int SMTP_PORT = 3025;
    static final int INBOX_PORT = 8025;
    static final int S3_PORT = 8333;
    /** What the services read about an S3 server: an external one's settings are passed to them. */
    static final String S3_SETTINGS = "HELPDESK_STORAGE_S3_";
    /** The bucket the services share, each under its own key prefix. */
    static final String S3_BUCKET = "helpdesk";

    /** The five services, in start order, with their default HTTP ports. */
    static final List<Service> SERVICES = List.of(
            new Service("auth-service", 8081),
            new Service("ticket-service", 8082),
            new Service("analytics-service", 8083),
            new Service("notification-service", 8084),
            new Service("chat-service", 8085));

    record Service(String name, int defaultPort) {
    }

    /** The default HTTP port of the service called {@code name}. */
    static int defaultPort(String name) {
        return SERVICES.stream().filter(service -> service.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No service " + name)).defaultPort();
    }

    static DevstackConfig from(String[] args, Map<String, String> env) {
        Path root = Path.of("").toAbsolutePath();
        Path dataDir = null;
        int portOffset = 0;
        boolean startServices = true;
        // Null: the journal store, unless the data directory holds only an H2 store of an earlier run.
        MongoStore mongoStore = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--root" -> root = Path.of(value(args, ++i, "--root")).toAbsolutePath();
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir")).toAbsolutePath();
                case "--port-offset" -> portOffset = Integer.parseInt(value(args, ++i, "--port-offset"));
                case "--infra-only" -> startServices = false;
                case "--mongo-store" -> mongoStore = MongoStore.of(value(args, ++i, "--mongo-store"));
                case "--help", "-h" -> throw new UsageException("");
                default -> throw new UsageException("Unknown option " + args[i]);
            }
        }
        String smtpPort = blankToNull(env.get("SMTP_PORT"));
        return new DevstackConfig(root,
                dataDir == null ? root.resolve(".data") : dataDir,
                portOffset,
                blankToNull(env.get("MONGODB_URI")),
                blankToNull(env.get("REDIS_URL")),
                blankToNull(env.get("SMTP_HOST")),
                smtpPort == null ? null : Integer.valueOf(smtpPort),
                blankToNull(env.get("HELPDESK_STORAGE_S3_ENDPOINT")),
                s3Settings(env),
                "gridfs".equals(blankToNull(env.get("HELPDESK_STORAGE_BACKEND"))) ? "gridfs" : "s3",
                startServices,
                mongoStore);
    }

    /** The {@code HELPDESK_STORAGE_S3_*} variables that are set, but the endpoint (kept apart). */
    private static Map<String, String> s3Settings(Map<String, String> env) {
        Map<String, String> settings = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(S3_SETTINGS) && !name.equals("HELPDESK_STORAGE_S3_ENDPOINT") && blankToNull(value) != null) {
                settings.put(name, value);
            }
        });
        return Map.copyOf(settings);
    }

    /** True when the services keep their files in S3 (the devstack's own server, or the one named). */
    boolean s3() {
        return "s3".equals(storageBackend);
    }

    int port(int base) {
        return base + portOffset;
    }

    String mongoUri() {
        return externalMongoUri != null ? externalMongoUri : "mongodb://localhost:" + port(MONGO_PORT);
    }

    String redisUrl() {
        return externalRedisUrl != null ? externalRedisUrl : "redis://localhost:" + port(REDIS_PORT);
    }

    String smtpHost() {
        return externalSmtpHost != null ? externalSmtpHost : "localhost";
    }

    int smtpPort() {
        if (externalSmtpHost != null) {
            return externalSmtpPort == null ? 25 : externalSmtpPort;
        }
        return port(SMTP_PORT);
    }

    /** True when the devstack runs its own S3 server (the services' files are in S3, none was named). */
    boolean embeddedS3() {
        return s3() && externalS3Endpoint == null;
    }

    String s3Endpoint() {
        return externalS3Endpoint != null ? externalS3Endpoint : "http://127.0.0.1:" + port(S3_PORT);
    }

    Path serviceJar(Service service) {
        return root.resolve(service.name()).resolve("target/quarkus-app/quarkus-run.jar");
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    static String usage() {
        return """
                Usage: ./devstack [--data-dir DIR] [--port-offset N] [--infra-only] [--mongo-store journal|h2]

                Starts MongoDB (wire-compatible, in memory with a journal file), Redis 7, SMTP with a Mailpit-compatible
                inbox, an S3 server for the services' files, and the five Helpdesk services; Ctrl-C
                stops everything.

                  --data-dir DIR     where data and logs live (default: .data)
                  --port-offset N    add N to every port, to run beside something else
                  --infra-only       start only MongoDB, Redis, mail and S3 (for quarkus:dev)
                  --mongo-store S    journal (in memory, every change journaled to
                                     mongo/helpdesk-journal.mv) or h2 (mongo/helpdesk.mv, slower); default:
                                     journal, or h2 for a data dir that holds only an h2 store

                Use external servers instead of the embedded ones:
                  MONGODB_URI=mongodb://host:27017  REDIS_URL=redis://host:6379  SMTP_HOST=host SMTP_PORT=25
                  HELPDESK_STORAGE_S3_ENDPOINT=http://host:9000 with the HELPDESK_STORAGE_S3_* settings it needs
                  (_ACCESS_KEY_ID, _SECRET_ACCESS_KEY, _BUCKET, ...; path-style unless _PATH_STYLE=false)
                Keep the files in MongoDB instead of S3: HELPDESK_STORAGE_BACKEND=gridfs
                """;
    }
}
