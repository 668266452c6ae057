package io.helpdesk.platform.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code helpdesk.storage.*}: which backend keeps the files, and where. */
@ConfigMapping(prefix = "helpdesk.storage")
public interface StorageConfig {

    /** {@code gridfs} (the service's own MongoDB database) or {@code s3} (any S3-compatible server). */
    @WithDefault("gridfs")
    String backend();

    /** The GridFS bucket name when the backend is {@code gridfs}. */
    @WithDefault("objects")
    String gridfsBucket();
}
