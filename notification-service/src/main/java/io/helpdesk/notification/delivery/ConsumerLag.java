package io.helpdesk.notification.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.redis.client.Response;

/** {@code helpdesk_notifications_consumer_lag{stream}}: entries of each stream this group has not read yet. */
@ApplicationScoped
public class ConsumerLag {

    private final RedisDataSource redis;
    private final MeterRegistry metrics;
    private final EventPlanner planner;

    public ConsumerLag(RedisDataSource redis, MeterRegistry metrics, EventPlanner planner) {
        this.redis = redis;
        this.metrics = metrics;
        this.planner = planner;
    }

    void register(@Observes StartupEvent started) {
        for (String stream : planner.streams()) {
            Gauge.builder("helpdesk.notifications.consumer.lag", () -> lag(stream)).tag("stream", stream).register(metrics);
        }
    }

    double lag(String stream) {
        try {
            Response groups = redis.execute("XINFO", "GROUPS", stream);
            for (Response group : groups) {
                if (EventPlanner.GROUP.equals(group.get("name").toString())) {
                    Response lag = group.get("lag");
                    return lag == null ? Double.NaN : lag.toLong();
                }
            }
        } catch (RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
