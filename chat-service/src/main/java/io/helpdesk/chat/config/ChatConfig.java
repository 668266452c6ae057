package io.helpdesk.chat.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The {@code chat.*} settings (environment variables in the README). */
@ConfigMapping(prefix = "chat")
public interface ChatConfig {

    /** A connection with no frame and no pong for this long is closed with 1001. */
    @WithDefault("PT90S")
    Duration idleTimeout();

    /**
     * How often open sockets are checked against the revocation lines, besides the announcements. The
     * schedule reads the key itself ({@code RevocationWatch}); this declares it and its default.
     */
    @WithDefault("10s")
    Duration revocationCheck();

    Page page();

    interface Page {
        /** Where the page at {@code /} logs in, as a browser reaches the auth-service. */
        String authUrl();
    }
}
