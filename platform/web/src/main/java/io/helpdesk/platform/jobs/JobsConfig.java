package io.helpdesk.platform.jobs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How background work (imports, scheduled reports, SLA checks, outbox relays) gives up on one item. */
@ConfigMapping(prefix = "helpdesk.jobs")
public interface JobsConfig {

    /** Attempts one item gets before it is recorded as FAILED with its reason (JOBS_MAX_ATTEMPTS). */
    @WithDefault("3")
    int maxAttempts();
}
