package io.helpdesk.notification.intake;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.helpdesk.platform.events.Subscriptions;
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
    private final Subscriptions subscriptions;
    private final String group;

    public ConsumerLag(RedisDataSource redis, MeterRegistry metrics, Subscriptions subscriptions) {
        this.redis = redis;
        this.metrics = metrics;
        this.subscriptions = subscriptions;
        this.group = subscriptions.group();
    }

    void register(@Observes StartupEvent started) {
        for (String stream : subscriptions.streams()) {
            Gauge.builder("helpdesk.notifications.consumer.lag", () -> lag(stream)).tag("stream", stream).register(metrics);
        }
    }

    double lag(String stream) {
        try {
            Response groups = redis.execute("XINFO", "GROUPS", stream);
            for (Response info : groups) {
                if (group.equals(info.get("name").toString())) {
                    Response lag = info.get("lag");
                    return lag == null ? Double.NaN : lag.toLong();
                }
            }
        } catch (RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
