package io.helpdesk.auth.throttle;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.platform.web.problem.ProblemException;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.ExpireArgs;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;

/**
 * The Redis state behind every limit of this service, so that a limit holds across replicas:
 * counters over a fixed window that starts with the first hit, and markers that expire on their own.
 */
@ApplicationScoped
public class ThrottleStore {

    private final ValueCommands<String, Long> counters;
    private final ValueCommands<String, String> values;
    private final KeyCommands<String> keys;

    public ThrottleStore(RedisDataSource redis) {
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
