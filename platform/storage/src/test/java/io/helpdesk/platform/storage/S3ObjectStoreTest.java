package io.helpdesk.platform.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.helpdesk.platform.testing.S3TestResource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 backend against s3proxy on a free port: the bucket made at first use, keys under the prefix. */
class S3ObjectStoreTest extends ObjectStoreContractTest {

    private static final S3TestResource SERVER = new S3TestResource();
    private static S3ObjectStore store;
    private static S3Client client;

    @BeforeAll
    static void start() {
        Map<String, String> config = SERVER.start();
        assertEquals("s3", config.get("helpdesk.storage.backend"));
        client = S3Client.builder()
                .endpointOverride(URI.create(config.get("quarkus.s3.endpoint-override")))
                .region(Region.of(config.get("quarkus.s3.aws.region")))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        S3TestResource.ACCESS_KEY_ID, S3TestResource.SECRET_ACCESS_KEY)))
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(java.time.Duration.ofSeconds(2)).build())
                .overrideConfiguration(c -> c.retryStrategy(retry -> retry.maxAttempts(2)))
                .build();
        store = new S3ObjectStore(client, S3TestResource.BUCKET, "some-service/", true);
    }

    @AfterAll
    static void stop() {
        store.close();
        SERVER.stop();
    }

    @Override
    ObjectStore store() {
        return store;
    }

    @Override
    void stopServer() {
        S3TestResource.stopServer();
    }

    @Override
    void startServer() {
        S3TestResource.startServer();
    }

    @Test
    void theBucketIsMadeOnceAndKeysLiveUnderTheServicesPrefix() throws Exception {
        store.ensureBucket();
        store.ensureBucket();
        String key = key();
        store.put(key, "text/plain", "where".getBytes(StandardCharsets.UTF_8));
        var file = S3TestResource.directory().resolve(S3TestResource.BUCKET).resolve("some-service").resolve(key);
        assertTrue(Files.exists(file), file.toString());
        assertEquals("where", Files.readString(file));
        assertEquals("s3", store.backend());
    }

    @Test
    void anotherPrefixInTheSameBucketSeesNothingOfThisOne() {
        String key = key();
        store.put(key, "text/plain", new byte[] { 1, 2 });
        S3ObjectStore other = new S3ObjectStore(client, S3TestResource.BUCKET, "other-service/", true);
        assertTrue(other.open(key).isEmpty());
        other.delete(key);
        assertTrue(store.open(key).isPresent());
    }
}
