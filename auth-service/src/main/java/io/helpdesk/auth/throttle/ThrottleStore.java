package io.helpdesk.auth.throttle;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.platform.web.problem.ProblemException;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.ExpireArgs;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.vertx.mutiny.redis.client.Response;

/**
 * The Redis state behind every limit of this service, so that a limit holds across replicas:
 * counters over a fixed window that starts with the first hit, and markers that expire on their own.
 */
@ApplicationScoped
public class ThrottleStore {

    private final ValueCommands<String, Long> counters;
    private final ValueCommands<String, String> values;
    private final KeyCommands<String> keys;
    private final RedisDataSource redis;

    /** INCR with EXPIRE NX (as {@link #hit}), EXISTS of the marker, EXISTS of the count. */
    private static final String LOOK = """
            local hits = redis.call('INCR', KEYS[1])
            redis.call('EXPIRE', KEYS[1], ARGV[1], 'NX')
            return {hits, redis.call('EXISTS', KEYS[2]), redis.call('EXISTS', KEYS[3])}
            """;

    public ThrottleStore(RedisDataSource redis) {
        this.redis = redis;
        this.counters = redis.value(Long.class);
        this.values = redis.value(String.class);
        this.keys = redis.key();
    }

    /** Counts one hit in the key's window and returns the count so far, this hit included. */
    public long hit(String key, Duration window) {
        long count = counters.incr(key);
        // NX on every hit, not only the first: a counter left without an expiry (a crash between the
        // two commands) gets one at its next hit instead of counting for ever.
        keys.expire(key, window, new ExpireArgs().nx());
        return count;
    }

    /**
     * A login's look at its limits in one round trip (a script, so the three keys are read and counted at
     * once): one hit counted on {@code counterKey} in its window, whether {@code markerKey} is held, and
     * whether {@code countKey} has a count. The keys are in one script, so under Redis Cluster they would
     * need one hash slot; the deployments here run one Redis (or Sentinel).
     */
    public Look look(String counterKey, Duration window, String markerKey, String countKey) {
        Response answer = redis.execute("EVAL", LOOK, "3", counterKey, markerKey, countKey,
                Long.toString(Math.max(1, window.toSeconds())));
        return new Look(answer.get(0).toLong(), answer.get(1).toLong() == 1, answer.get(2).toLong() == 1);
    }

    /** What {@link #look} saw: the counter with this hit, the marker held, a count present. */
    public record Look(long hits, boolean held, boolean counted) {
    }

    /** Sets the marker unless it is set; true for the caller that set it. */
    public boolean claim(String key, Duration lifetime) {
        return values.setGet(key, "1", new SetArgs().nx().ex(lifetime)) == null;
    }

    /** Sets the marker, replacing one that is there. */
    public void hold(String key, Duration lifetime) {
        values.set(key, "1", new SetArgs().ex(lifetime));
    }

    public boolean held(String key) {
        return values.get(key) != null;
    }

    public void clear(String key) {
        keys.del(key);
    }

    /** A 429 problem whose {@code Retry-After} is the time left on the key, at least a second. */
    public ProblemException tooMany(String key, String detail) {
        return ProblemException.tooManyRequests(detail, Duration.ofSeconds(Math.max(1, keys.ttl(key))));
    }
}
