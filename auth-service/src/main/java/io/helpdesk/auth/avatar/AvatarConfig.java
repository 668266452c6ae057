package io.helpdesk.auth.avatar;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code auth.avatar.*}: how large a picture a user may upload. */
@ConfigMapping(prefix = "auth.avatar")
public interface AvatarConfig {

    /** The largest upload, in bytes (a suffix K, M or G is allowed); larger is refused with 413. */
    @WithDefault("5M")
    MemorySize maxSize();

    /**
     * The most pixels an image may declare, checked from its header before anything is decoded, so
     * a small file that would unpack to gigabytes (a decompression bomb) is refused.
     */
    @WithDefault("25000000")
    long maxPixels();

    /** The longest side an image may declare, in pixels: a 1×100000 strip is no avatar. */
    @WithDefault("10000")
    int maxSide();
}
