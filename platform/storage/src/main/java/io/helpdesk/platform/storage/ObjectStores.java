package io.helpdesk.platform.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.mongodb.client.MongoClient;

import io.helpdesk.platform.logging.ThrottledLog;
import io.helpdesk.platform.web.problem.ProblemException;
import io.quarkus.runtime.StartupEvent;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Makes the deployment's {@link ObjectStore} from {@code helpdesk.storage.backend}. The S3 client is built
 * only for the {@code s3} backend, so a GridFS deployment needs no S3 settings at all.
 */
@ApplicationScoped
public class ObjectStores {

    private static final Logger LOG = Logger.getLogger(ObjectStores.class);
    private static final ThrottledLog THROTTLED = ThrottledLog.of(ObjectStores.class);

    /**
     * @param clients never used: asking for the extension's client is what has it set up its beans, the
     *        configured builder among them, from which the store's own client is built with bounded attempts
     */
    @Produces
    @Singleton
    ObjectStore objectStore(StorageConfig config, MongoClient mongo,
            @ConfigProperty(name = "quarkus.mongodb.database") String database, Instance<S3Client> clients,
            Instance<S3ClientBuilder> s3) {
        return switch (config.backend()) {
            case "gridfs" -> new GridFsObjectStore(mongo.getDatabase(database), config.gridfsBucket());
            case "s3" -> new S3ObjectStore(client(s3.get(), config.s3()), config.s3().bucket(),
                    config.s3().keyPrefix().orElse(""), config.s3().createBucket());
            default -> throw new IllegalStateException(
                    "helpdesk.storage.backend must be gridfs or s3, not '" + config.backend() + "'");
        };
    }

    /** The extension's configured builder (endpoint, region, timeouts), with the credentials and attempts. */
    private static S3Client client(S3ClientBuilder builder, StorageConfig.S3 config) {
        if (config.accessKeyId().isPresent() != config.secretAccessKey().isPresent()) {
            throw new IllegalStateException("Set both HELPDESK_STORAGE_S3_ACCESS_KEY_ID and HELPDESK_STORAGE_S3_SECRET_ACCESS_KEY,"
                    + " or neither for the AWS default credentials chain");
        }
        if (config.accessKeyId().isPresent()) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(config.accessKeyId().get(), config.secretAccessKey().get())));
        }
        ClientOverrideConfiguration configured = builder.overrideConfiguration();
        ClientOverrideConfiguration.Builder override = configured == null ? ClientOverrideConfiguration.builder()
                : configured.toBuilder();
        return builder.overrideConfiguration(override.retryStrategy(retry -> retry.maxAttempts(config.maxAttempts())).build())
                .build();
    }

    void close(@Disposes ObjectStore store) {
        if (store instanceof S3ObjectStore s3) {
            s3.close();
        }
    }

    /** Checks the configuration at start, and has the S3 bucket made if it is missing. */
    void onStart(@Observes StartupEvent start, ObjectStore store) {
        if (store instanceof S3ObjectStore s3) {
            try {
                s3.ensureBucket();
                LOG.infof("Files are kept in S3 at %s", s3.location());
            } catch (ProblemException e) {
                THROTTLED.warnf("s3-unreachable-at-start",
                        "S3 cannot be reached at start; the bucket %s is checked again at the first upload", s3.location());
            }
        }
    }
}
