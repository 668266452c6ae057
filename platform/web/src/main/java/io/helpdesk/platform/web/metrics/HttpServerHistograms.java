package io.helpdesk.platform.web.metrics;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/**
 * Server request latency as a Prometheus histogram with fixed service-level buckets, so that
 * {@code histogram_quantile(0.95, sum by (le) (rate(http_server_requests_seconds_bucket[5m])))} gives
 * p95/p99 over every replica, and {@code le="0.5"} / {@code le="2.5"} count the requests within the
 * latency objectives exactly (no interpolation at a boundary that is a bucket). The {@code uri} tag is
 * the route template, never the raw path (Quarkus REST; unmatched routes are {@code NOT_FOUND}), and
 * {@code quarkus.micrometer.binder.http-server.max-uri-tags} caps the rest.
 */
public class HttpServerHistograms {

    /** The meter Quarkus records every HTTP server request with. */
    public static final String HTTP_SERVER_REQUESTS = "http.server.requests";

    /**
     * From 5 ms (a cached read) to 10 s (beyond every client timeout): 5 ms steps where most reads
     * fall, 100 ms to 1 s for writes that hash a password or render a PDF, 2.5 s to 10 s for the
     * slow tail. The latency objectives (500 ms for p95, 2.5 s for p99) are bucket bounds.
     */
    public static final List<Duration> BUCKETS = List.of(Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10));

    @Produces
    @Singleton
    MeterFilter httpServerRequestBuckets() {
        double[] slos = BUCKETS.stream().mapToDouble(Duration::toNanos).toArray();
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!HTTP_SERVER_REQUESTS.equals(id.getName())) {
                    return config;
                }
                // Only the fixed buckets: Micrometer's ~70 default histogram buckets per series would
                // multiply every route's series for no gain in the quantiles we alert on.
                return DistributionStatisticConfig.builder().percentilesHistogram(false).serviceLevelObjectives(slos)
                        .build().merge(config);
            }
        };
    }
}
