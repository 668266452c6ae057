package io.helpdesk.analytics.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "analytics")
public interface AnalyticsConfig {

    /** How long a computed report is served from the cache, unless new events arrive first. */
    @WithDefault("PT5M")
    Duration cacheTtl();

    /** The window of a report when the caller gives none. */
    @WithDefault("P30D")
    Duration defaultWindow();

    /** The longest window a report may span. */
    @WithDefault("P1096D")
    Duration maxWindow();

    Report report();

    Rebuild rebuild();

    interface Rebuild {
        /** How often each replica looks for a rebuild no replica works on (new, abandoned, or due for a retry). */
        @WithDefault("5s")
        String every();

        /** How long a replica holds a rebuild without saving a step; then another replica may take it up. */
        @WithDefault("PT2M")
        Duration lease();

        /** How long a rebuild waits after a failed step before it is tried again from where it stands. */
        @WithDefault("PT30S")
        Duration retryAfter();

        /**
         * How often a replica whose roll-ups were never built checks that a rebuild is building them, and
         * starts one when none is (the last one failed).
         */
        @WithDefault("1m")
        String backfillEvery();
    }

    interface Report {
        /** When the PDF report is mailed to the admins (Quartz-style cron, UTC); "off" disables it. */
        @WithDefault("0 0 7 ? * MON")
        String cron();

        /** The window of the scheduled report. */
        @WithDefault("P7D")
        Duration window();
    }
}
