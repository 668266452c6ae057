package io.helpdesk.platform.events;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.helpdesk.platform.contracts.Channels;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.redis.client.Response;

/**
 * How far behind this service's consumer group is on each stream it reads, as gauges:
 * {@code helpdesk_stream_lag} (entries not read yet), {@code helpdesk_stream_pending} (read but not
 * acknowledged) and {@code helpdesk_stream_dead_length} (entries in the stream's dead letters).
 *
 * <p>Redis is asked every {@value #EVERY}, not at scrape time, so a scrape never waits on Redis: while
 * Redis does not answer the gauges are NaN, which a Prometheus alert on the value does not fire on.
 */
@ApplicationScoped
public class StreamBacklog {

    static final String EVERY = "10s";

    private record Backlog(double lag, double pending, double dead) {
        static final Backlog UNKNOWN = new Backlog(Double.NaN, Double.NaN, Double.NaN);
    }

    private final RedisDataSource redis;
    private final MeterRegistry metrics;
    private final Subscriptions subscriptions;
    private final Map<String, Backlog> backlogs = new ConcurrentHashMap<>();

    public StreamBacklog(RedisDataSource redis, MeterRegistry metrics, Subscriptions subscriptions) {
        this.redis = redis;
        this.metrics = metrics;
        this.subscriptions = subscriptions;
    }

    void register(@Observes StartupEvent started) {
        for (String stream : subscriptions.streams()) {
            backlogs.put(stream, Backlog.UNKNOWN);
            Gauge.builder("helpdesk.stream.lag", () -> backlog(stream).lag()).tag("stream", stream)
                    .description("Stream entries this service's consumer group has not read yet (XINFO GROUPS lag)")
                    .register(metrics);
            Gauge.builder("helpdesk.stream.pending", () -> backlog(stream).pending()).tag("stream", stream)
                    .description("Stream entries delivered to this service's consumer group but not acknowledged yet")
                    .register(metrics);
            Gauge.builder("helpdesk.stream.dead.length", () -> backlog(stream).dead()).tag("stream", stream)
                    .description("Entries waiting in the stream's dead letters (<stream>.dead), of every consumer group")
                    .register(metrics);
        }
    }

    @Scheduled(every = EVERY, concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refresh() {
        for (String stream : subscriptions.streams()) {
            backlogs.put(stream, read(stream));
        }
    }

    private Backlog backlog(String stream) {
        return backlogs.getOrDefault(stream, Backlog.UNKNOWN);
    }

    private Backlog read(String stream) {
        try {
            double dead = redis.execute("XLEN", Channels.deadLetters(stream)).toLong();
            for (Response group : redis.execute("XINFO", "GROUPS", stream)) {
                if (subscriptions.group().equals(group.get("name").toString())) {
                    Response lag = group.get("lag");
                    // Redis answers a nil lag when it cannot tell (entries deleted from the middle).
                    return new Backlog(lag == null ? Double.NaN : lag.toLong(), group.get("pending").toLong(), dead);
                }
            }
            return new Backlog(Double.NaN, Double.NaN, dead);
        } catch (RuntimeException e) {
            return Backlog.UNKNOWN;
        }
    }
}
