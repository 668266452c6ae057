package io.helpdesk.auth.user;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.auth.audit.AuditLog;
import io.helpdesk.auth.code.OneTimeCodes;
import io.helpdesk.auth.config.AuthConfig;
import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.contracts.Sealer;
import io.helpdesk.platform.contracts.UserEvents;
import io.helpdesk.platform.events.Outbox;
import io.helpdesk.platform.web.problem.ProblemException;

/**
 * Proving a self sign-up's address with a mailed 6-digit code: the sign-up's {@code UserRegistered}
 * event carries the first one, {@code EmailVerificationRequested} a new one. The codes are the
 * password reset's kind ({@link OneTimeCodes}: a keyed hash, one use, limited tries) under a key of
 * their own, so a verification code never resets a password and the other way round; how often they
 * are sent and tried is limited by {@link VerificationThrottle}.
 */
@ApplicationScoped
public class EmailVerification {

    private static final String KEY = "verify-email:";
    /** Never an account's key: what an unknown address's try is counted under, which matches no code. */
    private static final String NO_ACCOUNT = KEY;

    private final UserRepository users;
    private final OneTimeCodes codes;
    private final VerificationThrottle throttle;
    private final Outbox outbox;
    private final Sealer sealer;
    private final AuditLog audit;
    private final AccountWrites writes;
    private final AuthConfig.Verification config;

    public EmailVerification(UserRepository users, OneTimeCodes codes, VerificationThrottle throttle, Outbox outbox,
            Sealer sealer, AuditLog audit, AuthConfig config, AccountWrites writes) {
        this.users = users;
        this.codes = codes;
        this.throttle = throttle;
        this.outbox = outbox;
        this.sealer = sealer;
        this.audit = audit;
        this.config = config.verification();
        this.writes = writes;
    }

    /**
     * Stores a code for a new account and returns the account's fields with it sealed, for the sign-up
     * event. Only MongoDB is written: a sign-up works while Redis is away, its event waiting in the outbox.
     */
    UserEvents.Payload codeAtSignUp(User user) {
        OneTimeCodes.Issued issued = codes.issue(KEY + user.id, config.lifetime());
        outbox.save(codes.repository(), issued.otp());
        return sealed(user, issued);
    }

    /**
     * Verifies the address when the code is right (announced as {@code UserUpdated}). An unknown,
     * inactive or already verified account, no live code and a wrong code get the same 400.
     */
    private void markVerified(User user) {
        user.emailVerified = true;
        UserService.touch(user);
        writes.save(user, outbox.event(EventType.USER_UPDATED, user.id, user.id, user.version,
                UserService.accountOf(user)));
    }

    public User verify(String email, String code, String ip) {
        throttle.admitConfirmation(ip);
        String normalized = UserRepository.normalize(email);
        User user = users.findByEmail(normalized).filter(u -> u.active() && !u.verified()).orElse(null);
        OneTimeCodes.Check check = codes.check(user == null ? NO_ACCOUNT : KEY + user.id, code, config.maxAttempts());
        if (user == null || check.outcome() != OneTimeCodes.Outcome.RIGHT) {
            audit.record(AuditLog.Type.EMAIL_VERIFICATION_FAILED, null, user == null ? null : user.id, normalized, ip,
                    user == null ? "no such unverified account"
                            : check.outcome() == OneTimeCodes.Outcome.NO_CODE ? "no live code"
                                    : "wrong code, try " + check.attempt());
            throw invalid();
        }
        if (!codes.consume(KEY + user.id, check.hash())) {
            throw invalid();
        }
        try {
            markVerified(user);
        } catch (ProblemException raced) {
            // The code is used up: mark the account as it is now (once) rather than ask for a new code.
            User now = users.findByIdOptional(user.id).filter(u -> raced.status() == 409 && u.active())
                    .orElseThrow(() -> raced);
            if (!now.verified()) {
                markVerified(now);
            }
            user = now;
        }
        audit.record(AuditLog.Type.EMAIL_VERIFIED, user.id, user.id, user.email, ip, null);
        return user;
    }

    /**
     * Sends a new code when the address belongs to an active, unverified account. Throttled per address
     * and per client address alike for every address (429), known or not; otherwise the answer is the
     * same whether a code was sent, so it tells nobody which addresses have accounts.
     */
    public void resend(String email, String ip) {
        String normalized = UserRepository.normalize(email);
        throttle.admitResend(normalized, ip);
        User user = users.findByEmail(normalized).orElse(null);
        String refusal = user == null ? "no such account"
                : !user.active() ? "account " + user.status
                        : user.verified() ? "already verified" : null;
        if (refusal != null) {
            audit.record(AuditLog.Type.EMAIL_VERIFICATION_REQUESTED, null, user == null ? null : user.id, normalized,
                    ip, refusal);
            return;
        }
        OneTimeCodes.Issued issued = codes.issue(KEY + user.id, config.lifetime());
        outbox.save(codes.repository(), issued.otp(), outbox.event(EventType.EMAIL_VERIFICATION_REQUESTED, user.id,
                user.id, user.version, sealed(user, issued)));
        audit.record(AuditLog.Type.EMAIL_VERIFICATION_REQUESTED, null, user.id, user.email, ip,
                "code issued, expires " + issued.otp().expiresAt);
    }

    private UserEvents.Payload sealed(User user, OneTimeCodes.Issued issued) {
        return UserService.accountOf(user).withCode(sealer.seal(issued.code()), issued.otp().expiresAt,
                config.lifetime().toMinutes());
    }

    private static ProblemException invalid() {
        return new ProblemException(400, "The code is wrong or has expired. Ask for a new one.");
    }
}
