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

    interface Report {
        /** When the PDF report is mailed to the admins (Quartz-style cron, UTC); "off" disables it. */
        @WithDefault("0 0 7 ? * MON")
        String cron();

        /** The window of the scheduled report. */
        @WithDefault("P7D")
        Duration window();
    }
}
