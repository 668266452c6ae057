package io.helpdesk.platform.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.helpdesk.platform.testing.FreePorts;
import io.helpdesk.platform.testing.S3TestResource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The S3 backend against s3proxy on a free port: the bucket made at first use (and taken as there when S3
 * refuses to say), keys under the prefix.
 */
class S3ObjectStoreTest extends ObjectStoreContractTest {

    private static final S3TestResource SERVER = new S3TestResource();
    private static S3ObjectStore store;
    private static S3Client client;

    @BeforeAll
    static void start() {
        Map<String, String> config = SERVER.start();
        assertEquals("s3", config.get("helpdesk.storage.backend"));
        client = client(URI.create(config.get("quarkus.s3.endpoint-override")));
        store = new S3ObjectStore(client, S3TestResource.BUCKET, "some-service/", true);
    }

    private static S3Client client(URI endpoint) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(S3TestResource.REGION))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        S3TestResource.ACCESS_KEY_ID, S3TestResource.SECRET_ACCESS_KEY)))
                .httpClient(ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)).build())
                .overrideConfiguration(c -> c.retryStrategy(retry -> retry.maxAttempts(2)))
                .build();
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
    void aBucketS3RefusesToReportOnIsTakenAsThereAndUploadsGoAhead(@TempDir Path directory) throws Exception {
        // A server whose key may write objects but not ask about the bucket (no s3:ListBucket): HeadBucket is 403.
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", directory.toString());
        BlobStore files = BlobStores.create("filesystem", properties);
        files.createContainer(CreateBucketRequest.builder().bucket("their-bucket").build());
        AtomicInteger asked = new AtomicInteger();
        AtomicInteger created = new AtomicInteger();
        BlobStore refusing = new ForwardingBlobStore(files) {
            @Override
            public HeadBucketResponse headBucket(HeadBucketRequest request) {
                asked.incrementAndGet();
                throw new S3ProxyException(S3ErrorCode.ACCESS_DENIED);
            }

            @Override
            public CreateBucketResponse createContainer(CreateBucketRequest request) {
                created.incrementAndGet();
                return super.createContainer(request);
            }
        };
        URI endpoint = URI.create("http://127.0.0.1:" + FreePorts.next());
        S3Proxy proxy = S3Proxy.builder().blobStore(refusing).endpoint(endpoint)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, S3TestResource.ACCESS_KEY_ID, S3TestResource.SECRET_ACCESS_KEY)
                .build();
        proxy.start();
        try (S3Client limited = client(endpoint)) {
            while (!"STARTED".equals(proxy.getState())) {
                Thread.sleep(10);
            }
            S3Exception refused = assertThrows(S3Exception.class, () -> limited.headBucket(r -> r.bucket("their-bucket")));
            assertEquals(403, refused.statusCode());
            asked.set(0);

            S3ObjectStore limitedStore = new S3ObjectStore(limited, "their-bucket", "some-service/", true);
            limitedStore.ensureBucket();
            String key = key();
            limitedStore.put(key, "text/plain", "first".getBytes(StandardCharsets.UTF_8));
            limitedStore.put(key, "text/plain", "second".getBytes(StandardCharsets.UTF_8));
            try (ObjectStore.StoredObject stored = limitedStore.open(key).orElseThrow()) {
                assertEquals("second", new String(stored.content().readAllBytes(), StandardCharsets.UTF_8));
            }
            assertEquals(1, asked.get(), "asked once, then taken as there");
            assertEquals(0, created.get(), "never created");
        } finally {
            proxy.stop();
        }
    }

    @Test
    void onlyAMissingBucketIsCreatedAndARefusalToSayIsNotAnOutage() {
        assertEquals(S3ObjectStore.BucketCheck.CREATE,
                S3ObjectStore.bucketCheck(NoSuchBucketException.builder().statusCode(404).build()));
        assertEquals(S3ObjectStore.BucketCheck.CREATE, S3ObjectStore.bucketCheck(failure(404)));
        assertEquals(S3ObjectStore.BucketCheck.ASSUME_PRESENT, S3ObjectStore.bucketCheck(failure(403)));
        assertEquals(S3ObjectStore.BucketCheck.FAIL, S3ObjectStore.bucketCheck(failure(500)));
        assertEquals(S3ObjectStore.BucketCheck.FAIL, S3ObjectStore.bucketCheck(failure(400)));
    }

    private static S3Exception failure(int status) {
        return (S3Exception) S3Exception.builder().statusCode(status).build();
    }

    @Test
    void anUploadOverConnectionsTheServerClosedWhileTheyWereIdleSucceeds() throws Exception {
        for (int round = 0; round < 5; round++) {
            // Several uploads at once leave several open connections in the client's pool ...
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> puts = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    puts.add(pool.submit(() -> store.put(key(), "text/plain", new byte[64 * 1024])));
                }
                for (Future<?> put : puts) {
                    put.get();
                }
            } finally {
                pool.shutdown();
            }
            // ... which the server then closes (a restart, an idle timeout, a proxy in between).
            S3TestResource.stopServer();
            S3TestResource.startServer();
            // The client checks a connection idle for 2 s or more before reusing it (the JDK's, before, never did).
            Thread.sleep(2_500);
            String key = key();
            store.put(key, "text/plain", ("after " + round).getBytes(StandardCharsets.UTF_8));
            try (ObjectStore.StoredObject stored = store.open(key).orElseThrow()) {
                assertEquals("after " + round, new String(stored.content().readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void aDownloadClosedBeforeItsEndDropsItsConnectionAndOneReadToTheEndKeepsIt() throws Exception {
        AtomicInteger aborted = new AtomicInteger();
        for (int read : new int[] { 0, 10, 100 }) {
            ResponseInputStream<GetObjectResponse> response = new ResponseInputStream<>(GetObjectResponse.builder().build(),
                    AbortableInputStream.create(new java.io.ByteArrayInputStream(new byte[100]), aborted::incrementAndGet));
            try (S3ObjectStore.Download download = new S3ObjectStore.Download(response, 100)) {
                download.readNBytes(read);
            }
        }
        assertEquals(2, aborted.get(), "aborted after 0 and 10 of 100 bytes, not after all 100");

        // Against the server: half a large object read, then closed; the store goes on working.
        String key = key();
        store.put(key, "application/octet-stream", new byte[3 * 1024 * 1024]);
        try (ObjectStore.StoredObject stored = store.open(key).orElseThrow()) {
            assertEquals(1024, stored.content().readNBytes(1024).length);
        }
        try (ObjectStore.StoredObject stored = store.open(key).orElseThrow()) {
            assertEquals(3 * 1024 * 1024, stored.content().readAllBytes().length);
        }
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
