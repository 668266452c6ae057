package io.helpdesk.platform.storage;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code helpdesk.storage.*}: which backend keeps the files, and where. The S3 client's other settings
 * (endpoint, region, path-style, timeouts) are the extension's {@code quarkus.s3.*} keys, set from
 * {@code HELPDESK_STORAGE_S3_*} variables in this module's {@code microprofile-config.properties}.
 */
@ConfigMapping(prefix = "helpdesk.storage")
public interface StorageConfig {

    /** {@code gridfs} (the service's own MongoDB database) or {@code s3} (any S3-compatible server). */
    @WithDefault("gridfs")
    String backend();

    /** The GridFS bucket name when the backend is {@code gridfs}. */
    @WithDefault("objects")
    String gridfsBucket();

    /** Where objects go when the backend is {@code s3}. */
    S3 s3();

    interface S3 {

        /** The bucket; the services may share one, each under its own key prefix. */
        @WithDefault("helpdesk")
        String bucket();

        /** Put before every key (by default the service's name and a slash); empty for none. */
        Optional<String> keyPrefix();

        /** With {@link #secretAccessKey()}: static credentials; without either, the AWS default chain. */
        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();

        /** Create the bucket when it is missing, at start (or at the first write if S3 was down then). */
        @WithDefault("true")
        boolean createBucket();

        /**
         * Tries per request, the first included: with a short connect timeout this bounds how long a caller
         * waits for the 503 when S3 cannot be reached.
         */
        @WithDefault("2")
        int maxAttempts();
    }
}
