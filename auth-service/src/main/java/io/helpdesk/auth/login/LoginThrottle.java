package io.helpdesk.auth.login;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.auth.config.AuthConfig;
import io.helpdesk.auth.throttle.ThrottleStore;
import io.helpdesk.platform.web.problem.ProblemException;

/**
 * Login limits: attempts per client address per minute, and a temporary lock of an account (known or
 * not, so the lock reveals nothing) after repeated failures. Both answer 429 with {@code Retry-After}.
 * Wrong current passwords on change-password count as failures of the same account.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final String IP = "auth:login:ip:";
    private static final String FAILURES = "auth:login:fail:";
    private static final String LOCK = "auth:login:lock:";

    private final ThrottleStore store;
    private final AuthConfig.Login config;

    public LoginThrottle(ThrottleStore store, AuthConfig config) {
        this.store = store;
        this.config = config.login();
    }

    /**
     * Counts this attempt and refuses it when the address or the account is over its limit, in one round
     * trip to Redis. True when the account has failures counted, which a successful login then clears
     * ({@link #succeeded}); most logins have none and so need no second trip.
     */
    public boolean admit(String ip, String email) {
        String ipKey = IP + ip;
        String lockKey = LOCK + email;
        ThrottleStore.Look look = store.look(ipKey, Duration.ofMinutes(1), lockKey, FAILURES + email);
        if (look.hits() > config.perIpPerMinute()) {
            throw store.tooMany(ipKey, "Too many login attempts from this address.");
        }
        if (look.held()) {
            throw locked(lockKey);
        }
        return look.counted();
    }

    /** Refuses anything that needs the password of a locked account. */
    public void refuseIfLocked(String email) {
        String lockKey = LOCK + email;
        if (store.held(lockKey)) {
            throw locked(lockKey);
        }
    }

    private ProblemException locked(String lockKey) {
        return store.tooMany(lockKey, "Too many failed password attempts for this account; it is locked for a while.");
    }

    /** Counts a failure; returns true when it locked the account. */
    public boolean failed(String email) {
        String failKey = FAILURES + email;
        if (store.hit(failKey, config.failureWindow()) >= config.maxFailures()) {
            store.hold(LOCK + email, config.lockout());
            store.clear(failKey);
            return true;
        }
        return false;
    }

    public void succeeded(String email) {
        store.clear(FAILURES + email);
    }
}
