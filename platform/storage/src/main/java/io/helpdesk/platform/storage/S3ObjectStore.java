package io.helpdesk.platform.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.helpdesk.platform.logging.ThrottledLog;
import io.helpdesk.platform.web.problem.ProblemException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The S3 backend: each object is one S3 object under the key prefix in one bucket, on AWS or any
 * S3-compatible server (MinIO, s3proxy). A PUT is atomic in S3, so a failed upload leaves the previous
 * content (or nothing) under the key, never part of a file; uploads stream from a file of known length and
 * downloads hand over the response stream.
 *
 * <p>A server that cannot be reached, or that fails the request, gives the caller a 503 problem with a
 * {@code Retry-After}; how long that takes is bounded by the client's connect timeout and attempts.
 */
public class S3ObjectStore implements ObjectStore, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(S3ObjectStore.class);
    private static final ThrottledLog THROTTLED = ThrottledLog.of(S3ObjectStore.class);

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final boolean createBucket;
    private volatile boolean bucketChecked;

    public S3ObjectStore(S3Client s3, String bucket, String prefix, boolean createBucket) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix == null ? "" : prefix;
        this.createBucket = createBucket;
    }

    /**
     * Creates the bucket when it is missing (if configured to); a no-op once it has been seen. Called at
     * start, and again before a write for as long as it has not succeeded.
     *
     * <p>Only a 404 (no such bucket) has it created. A 403 means the credentials may not ask (HeadBucket needs
     * {@code s3:ListBucket}, which a key limited to its objects lacks; or the bucket is another account's): the
     * bucket is taken as there, so uploads go ahead, and if it really is not, each PUT says so.
     */
    public void ensureBucket() {
        if (bucketChecked || !createBucket) {
            return;
        }
        synchronized (this) {
            if (bucketChecked) {
                return;
            }
            call(() -> {
                try {
                    s3.headBucket(request -> request.bucket(bucket));
                } catch (S3Exception e) {
                    switch (bucketCheck(e)) {
                        case CREATE -> create();
                        case ASSUME_PRESENT -> THROTTLED.warnf("bucket-unknown",
                                "S3 refuses to say whether the bucket %s exists (403: the key lacks"
                                + " s3:ListBucket, or the bucket is another account's); taking it as there, not creating it",
                                bucket);
                        case FAIL -> throw e;
                    }
                }
                return null;
            });
            bucketChecked = true;
        }
    }

    /** What a failed HeadBucket means for the bucket check. */
    enum BucketCheck {
        /** 404, no such bucket: create it. */
        CREATE,
        /** 403: the bucket's existence is not the key's to see; go on as if it exists. */
        ASSUME_PRESENT,
        /** Anything else: the server failed; try again at the next write. */
        FAIL
    }

    static BucketCheck bucketCheck(S3Exception headBucketFailure) {
        if (headBucketFailure instanceof NoSuchBucketException || headBucketFailure.statusCode() == 404) {
            return BucketCheck.CREATE;
        }
        return headBucketFailure.statusCode() == 403 ? BucketCheck.ASSUME_PRESENT : BucketCheck.FAIL;
    }

    private void create() {
        Region region = s3.serviceClientConfiguration().region();
        CreateBucketRequest.Builder request = CreateBucketRequest.builder().bucket(bucket);
        if (region != null && !Region.US_EAST_1.equals(region)) {
            request.createBucketConfiguration(configuration -> configuration.locationConstraint(region.id()));
        }
        try {
            s3.createBucket(request.build());
            LOG.infof("Created the S3 bucket %s", bucket);
        } catch (BucketAlreadyOwnedByYouException | BucketAlreadyExistsException e) {
            // another replica created it meanwhile
        }
    }

    @Override
    public void put(String key, String contentType, Path file) {
        long length;
        try {
            length = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write(key, contentType, length, RequestBody.fromFile(file));
    }

    @Override
    public void put(String key, String contentType, byte[] content) {
        write(key, contentType, content.length, RequestBody.fromBytes(content));
    }

    private void write(String key, String contentType, long length, RequestBody body) {
        ensureBucket();
        PutObjectRequest request = PutObjectRequest.builder().bucket(bucket).key(prefix + key)
                .contentType(contentType).contentLength(length).build();
        call(() -> s3.putObject(request, body));
    }

    @Override
    public Optional<StoredObject> open(String key) {
        return call(() -> {
            try {
                ResponseInputStream<GetObjectResponse> content = s3.getObject(request -> request.bucket(bucket).key(prefix + key));
                GetObjectResponse response = content.response();
                long length = response.contentLength() == null ? -1 : response.contentLength();
                return Optional.of(new StoredObject(response.contentType(), length, new Download(content, length)));
            } catch (NoSuchKeyException | NoSuchBucketException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public void delete(String key) {
        call(() -> {
            try {
                return s3.deleteObject(request -> request.bucket(bucket).key(prefix + key));
            } catch (NoSuchBucketException e) {
                return null; // nothing was ever stored
            }
        });
    }

    @Override
    public String backend() {
        return "s3";
    }

    /** The bucket and the key prefix, for logs. */
    public String location() {
        return bucket + "/" + prefix;
    }

    @Override
    public void close() {
        s3.close();
    }

    private <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            if (e instanceof S3Exception s3Error && s3Error.statusCode() < 500) {
                // Refused credentials, a bucket of someone else's: a deployment to fix, not a client's fault.
                THROTTLED.errorf("s3-refused", "S3 refused a request to bucket %s: %s", bucket, e.getMessage());
            } else {
                THROTTLED.warnf("s3-unavailable", "S3 is unavailable: %s", e.getMessage());
            }
            throw unavailable();
        } catch (UncheckedIOException e) {
            // An HTTP client's own I/O failures (a connection the server closed under a request) come as these.
            THROTTLED.warnf("s3-unavailable", "S3 is unavailable: %s", e.getMessage());
            throw unavailable();
        }
    }

    /**
     * An object's content that, closed before its end (a client that went away, an upload nobody read),
     * drops its connection instead of reading the rest of the object to keep the connection for another
     * request, as the Apache client otherwise does.
     */
    static final class Download extends FilterInputStream {

        private final ResponseInputStream<?> response;
        private final long length;
        private long read;
        private boolean ended;

        Download(ResponseInputStream<?> response, long length) {
            super(response);
            this.response = response;
            this.length = length;
        }

        @Override
        public int read() throws IOException {
            int value = super.read();
            count(value < 0 ? -1 : 1);
            return value;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) throws IOException {
            int n = super.read(buffer, offset, count);
            count(n);
            return n;
        }

        private void count(int n) {
            if (n < 0) {
                ended = true;
            } else {
                read += n;
                ended |= length >= 0 && read >= length;
            }
        }

        @Override
        public void close() throws IOException {
            if (!ended) {
                response.abort();
            }
            super.close();
        }
    }

    private static ProblemException unavailable() {
        return ProblemException.unavailable("File storage is unavailable; try again shortly.", Duration.ofSeconds(5));
    }
}
