package io.helpdesk.auth.user;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.auth.config.AuthConfig;
import io.helpdesk.auth.throttle.ThrottleStore;

/**
 * Email-verification limits, counted per email address whether or not it has an account (so a 429
 * tells nothing about accounts): one code per resend interval and a cap per hour, so nobody can flood
 * a mailbox; and per client address, how many resends and how many code guesses per minute.
 */
@ApplicationScoped
public class VerificationThrottle {

    static final String RESEND = "auth:verify:interval:";
    static final String PER_HOUR = "auth:verify:hour:";
    static final String RESEND_IP = "auth:verify:ip:resend:";
    static final String CONFIRM_IP = "auth:verify:ip:confirm:";

    private final ThrottleStore store;
    private final AuthConfig.Verification config;

    public VerificationThrottle(ThrottleStore store, AuthConfig config) {
        this.store = store;
        this.config = config.verification();
    }

    /** Counts a resend request; 429 with {@code Retry-After} when the client or the address is over a limit. */
    void admitResend(String email, String ip) {
        String client = RESEND_IP + ip;
        if (store.hit(client, Duration.ofMinutes(1)) > config.resendPerIpPerMinute()) {
            throw store.tooMany(client, "Too many verification requests from this address.");
        }
        String interval = RESEND + email;
        if (!store.claim(interval, config.resendInterval())) {
            throw store.tooMany(interval, "A code was sent to this address moments ago; wait before asking again.");
        }
        String hourly = PER_HOUR + email;
        if (store.hit(hourly, Duration.ofHours(1)) > config.perAddressPerHour()) {
            throw store.tooMany(hourly, "Too many codes were asked for this address; try again later.");
        }
    }

    /** Counts a verification attempt from this address; 429 with {@code Retry-After} over the limit. */
    void admitConfirmation(String ip) {
        String key = CONFIRM_IP + ip;
        if (store.hit(key, Duration.ofMinutes(1)) > config.confirmPerIpPerMinute()) {
            throw store.tooMany(key, "Too many verification attempts from this address.");
        }
    }
}
