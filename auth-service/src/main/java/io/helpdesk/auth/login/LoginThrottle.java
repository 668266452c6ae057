package io.helpdesk.auth.login;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.auth.config.AuthConfig;
import io.helpdesk.platform.web.problem.ProblemException;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;

/**
 * Login limits kept in Redis, so they hold across replicas: attempts per client address per minute,
 * and a temporary lock of an account (known or not, so the lock reveals nothing) after repeated
 * failures. Both answer 429 with {@code Retry-After}.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final String IP = "auth:login:ip:";
    private static final String FAILURES = "auth:login:fail:";
    private static final String LOCK = "auth:login:lock:";

    private final ValueCommands<String, Long> counters;
    private final ValueCommands<String, String> values;
    private final KeyCommands<String> keys;
    private final AuthConfig.Login config;

    public LoginThrottle(RedisDataSource redis, AuthConfig config) {
        this.counters = redis.value(Long.class);
        this.values = redis.value(String.class);
        this.keys = redis.key();
        this.config = config.login();
    }

    /** Counts this attempt; refuses it when the address or the account is over its limit. */
    public void admit(String ip, String email) {
        String ipKey = IP + ip;
        long attempts = counters.incr(ipKey);
        if (attempts == 1) {
            keys.expire(ipKey, Duration.ofMinutes(1));
        }
        if (attempts > config.perIpPerMinute()) {
            throw tooMany(ipKey, "Too many login attempts from this address.");
        }
        String lockKey = LOCK + email;
        if (values.get(lockKey) != null) {
            throw tooMany(lockKey, "Too many failed logins for this account; it is locked for a while.");
        }
    }

    /** Counts a failure; returns true when it locked the account. */
    public boolean failed(String email) {
        String failKey = FAILURES + email;
        long failures = counters.incr(failKey);
        if (failures == 1) {
            keys.expire(failKey, config.failureWindow());
        }
        if (failures >= config.maxFailures()) {
            values.set(LOCK + email, "1", new SetArgs().ex(config.lockout()));
            keys.del(failKey);
            return true;
        }
        return false;
    }

    public void succeeded(String email) {
        keys.del(FAILURES + email);
    }

    private ProblemException tooMany(String key, String detail) {
        long ttl = keys.ttl(key);
        return ProblemException.tooManyRequests(detail, Duration.ofSeconds(Math.max(1, ttl)));
    }
}
