package io.helpdesk.platform.devstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * The stores and mail server the services need, started in this process unless an external address
 * was given: a MongoDB-wire server in memory with a journal file ({@link JournaledMemoryBackend}), Redis 7 with an append-only file, an S3 server (s3proxy)
 * on plain files for the services' files, GreenMail SMTP with a Mailpit-compatible inbox. Everything
 * persistent lives under the data directory.
 */
final class Infrastructure implements AutoCloseable {

    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<String[]> rows = new ArrayList<>();

    static Infrastructure start(DevstackConfig config) throws IOException {
        Infrastructure infrastructure = new Infrastructure();
        try {
            infrastructure.startAll(config);
            return infrastructure;
        } catch (IOException | RuntimeException e) {
            infrastructure.close();
            throw e;
        }
    }

    private void startAll(DevstackConfig config) throws IOException {
        Path data = config.dataDir();
        if (config.externalMongoUri() == null) {
            Path mongoDir = Files.createDirectories(data.resolve("mongo"));
            Path h2File = mongoDir.resolve(DevstackConfig.MongoStore.H2.fileName);
            Path journalFile = mongoDir.resolve(DevstackConfig.MongoStore.JOURNAL.fileName);
            DevstackConfig.MongoStore store = config.mongoStore();
            if (store == null) {
                // A data directory of an earlier run keeps the store it has, so no data seems to vanish.
                store = Files.exists(h2File) && !Files.exists(journalFile) ? DevstackConfig.MongoStore.H2
                        : DevstackConfig.MongoStore.JOURNAL;
                if (store == DevstackConfig.MongoStore.H2) {
                    System.err.println("devstack: " + h2File + " holds the H2 store of an earlier run: kept. The journal"
                            + " store is several times faster; a fresh --data-dir starts with it.");
                }
            } else if (store == DevstackConfig.MongoStore.JOURNAL && Files.exists(h2File)) {
                System.err.println("devstack: " + h2File + " holds data of the H2 store, which this run does not read;"
                        + " start with --mongo-store h2 to use it, or delete it");
            }
            Path file = mongoDir.resolve(store.fileName);
            AbstractMongoBackend backend = store == DevstackConfig.MongoStore.H2 ? new H2Backend(file.toString())
                    : new JournaledMemoryBackend(file);
            MongoServer mongo = new MongoServer(backend);
            mongo.bind(new InetSocketAddress("127.0.0.1", config.port(DevstackConfig.MONGO_PORT)));
            started.add(() -> {
                mongo.shutdownNow();
                backend.close();
            });
            rows.add(new String[] { "MongoDB (wire, " + store.label + ")", config.mongoUri() + "   (" + file + ")" });
        } else {
            rows.add(new String[] { "MongoDB (external)", config.mongoUri() });
        }

        if (config.externalRedisUrl() == null) {
            Path redisDir = Files.createDirectories(data.resolve("redis"));
            started.add(RedisProcess.start(config.port(DevstackConfig.REDIS_PORT), redisDir,
                    data.resolve("logs").resolve("redis.log")));
            rows.add(new String[] { "Redis 7 (append-only file)", config.redisUrl() });
        } else {
            rows.add(new String[] { "Redis (external)", config.redisUrl() });
        }

        if (config.embeddedS3()) {
            startS3(config, Files.createDirectories(data.resolve("s3")));
            rows.add(new String[] { "S3 (s3proxy, files)", config.s3Endpoint() + "   (bucket " + DevstackConfig.S3_BUCKET
                    + ", path-style, key " + DevSecrets.S3_ACCESS_KEY_ID + " / secret in " + data.resolve("keys/s3-secret-key") + ")" });
        } else if ("s3".equals(config.storageBackend())) {
            rows.add(new String[] { "S3 (external)", config.s3Endpoint() });
        } else {
            rows.add(new String[] { "Files", "GridFS, in each service's MongoDB database" });
        }

        if (config.externalSmtpHost() == null) {
            GreenMail mail = new GreenMail(new ServerSetup(config.port(DevstackConfig.SMTP_PORT), "127.0.0.1",
                    ServerSetup.PROTOCOL_SMTP))
                    .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
            mail.start();
            started.add(mail::stop);
            MailInbox inbox = new MailInbox(mail, config.port(DevstackConfig.INBOX_PORT));
            started.add(inbox);
            rows.add(new String[] { "SMTP (GreenMail)", "smtp://localhost:" + config.smtpPort() });
            rows.add(new String[] { "Inbox (Mailpit API)", "http://localhost:" + config.port(DevstackConfig.INBOX_PORT) });
        } else {
            rows.add(new String[] { "SMTP (external)", "smtp://" + config.smtpHost() + ":" + config.smtpPort() });
        }
    }

    /** s3proxy with its filesystem store: a key a/b of bucket x is the file {@code s3/x/a/b}. */
    private void startS3(DevstackConfig config, Path directory) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", directory.toString());
        S3Proxy s3 = S3Proxy.builder().blobStore(BlobStores.create("filesystem", properties))
                .endpoint(URI.create(config.s3Endpoint()))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, DevSecrets.S3_ACCESS_KEY_ID,
                        DevSecrets.loadOrCreate(config.dataDir()).s3SecretKey())
                .build();
        try {
            s3.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!"STARTED".equals(s3.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("the S3 server did not start: " + s3.getState());
                }
                Thread.sleep(20);
            }
        } catch (IOException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the S3 server", e);
        } catch (Exception e) {
            throw new IOException("the S3 server did not start: " + e.getMessage(), e);
        } finally {
            started.add(s3::stop);
        }
    }

    List<String[]> rows() {
        return rows;
    }

    /** Stops what was started, newest first. */
    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("devstack: while stopping: " + e);
            }
        }
        started.clear();
    }
}
