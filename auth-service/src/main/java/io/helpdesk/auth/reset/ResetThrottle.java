package io.helpdesk.auth.reset;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.auth.config.AuthConfig;
import io.helpdesk.auth.throttle.ThrottleStore;

/**
 * Password-reset limits: how often an account is sent a code (once per resend interval, and a cap
 * per hour and per day, so a stranger cannot flood a mailbox), and how many codes one client address
 * may try per minute, whatever the accounts.
 */
@ApplicationScoped
public class ResetThrottle {

    static final String RESEND = "auth:otp:resend:";
    static final String PER_HOUR = "auth:otp:hour:";
    static final String PER_DAY = "auth:otp:day:";
    static final String CONFIRM_IP = "auth:otp:confirm:ip:";

    private final ThrottleStore store;
    private final AuthConfig.Otp config;

    public ResetThrottle(ThrottleStore store, AuthConfig config) {
        this.store = store;
        this.config = config.otp();
    }

    /** Why the account may not be sent a code now, if it may not; otherwise the issuance is counted. */
    public Optional<String> refusalToIssue(String userId) {
        if (!store.claim(RESEND + userId, config.resendInterval())) {
            return Optional.of("a code was sent within the resend interval");
        }
        if (store.hit(PER_HOUR + userId, Duration.ofHours(1)) > config.perAccountPerHour()) {
            return Optional.of("hourly limit of codes reached");
        }
        if (store.hit(PER_DAY + userId, Duration.ofDays(1)) > config.perAccountPerDay()) {
            return Optional.of("daily limit of codes reached");
        }
        return Optional.empty();
    }

    /** Counts a confirmation from this address; 429 with {@code Retry-After} when it is over its limit. */
    public void admitConfirmation(String ip) {
        String key = CONFIRM_IP + ip;
        if (store.hit(key, Duration.ofMinutes(1)) > config.confirmPerIpPerMinute()) {
            throw store.tooMany(key, "Too many password-reset attempts from this address.");
        }
    }
}
