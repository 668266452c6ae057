package io.helpdesk.auth.reset;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.auth.audit.AuditLog;
import io.helpdesk.auth.code.Otp;
import io.helpdesk.auth.code.OneTimeCodes;
import io.helpdesk.auth.config.AuthConfig;
import io.helpdesk.auth.password.PasswordPolicy;
import io.helpdesk.auth.session.SessionService;
import io.helpdesk.auth.user.User;
import io.helpdesk.auth.user.UserRepository;
import io.helpdesk.auth.user.UserService;
import io.helpdesk.platform.contracts.Sealer;
import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.events.Outbox;
import io.helpdesk.platform.web.problem.ProblemException;

/**
 * Forgot / reset password with an emailed 6-digit code: stored only as a keyed hash, valid for ten
 * minutes, usable once, dead after five wrong tries; how often codes are sent and tried is limited by
 * {@link ResetThrottle}. The code travels to the notification-service sealed inside a
 * {@code PasswordResetRequested} event.
 */
@ApplicationScoped
public class PasswordResetService {

    /** Never a user id: the key an unknown account's try is counted under, which matches no code. */
    private static final String NO_ACCOUNT = "";

    private final OneTimeCodes codes;
    private final UserRepository users;
    private final UserService userService;
    private final SessionService sessions;
    private final PasswordPolicy policy;
    private final Outbox outbox;
    private final Sealer sealer;
    private final AuditLog audit;
    private final ResetThrottle throttle;
    private final AuthConfig.Otp config;

    public PasswordResetService(OneTimeCodes codes, UserRepository users, UserService userService,
            SessionService sessions, PasswordPolicy policy, Outbox outbox, Sealer sealer, AuditLog audit,
            ResetThrottle throttle, AuthConfig config) {
        this.codes = codes;
        this.users = users;
        this.userService = userService;
        this.sessions = sessions;
        this.policy = policy;
        this.outbox = outbox;
        this.sealer = sealer;
        this.audit = audit;
        this.throttle = throttle;
        this.config = config.otp();
    }

    /**
     * Issues a code when the account exists, is active and is within its limits (see
     * {@link ResetThrottle}). The caller's answer never depends on which. Every request is audited as
     * PASSWORD_RESET_REQUESTED with its outcome; a code that is sent also as PASSWORD_RESET_CODE_ISSUED.
     */
    public void request(String email, String ip) {
        String normalized = UserRepository.normalize(email);
        User user = users.findByEmail(normalized).filter(User::active).orElse(null);
        Optional<String> refusal = user == null ? Optional.of("no such active account") : throttle.refusalToIssue(user.id);
        if (refusal.isPresent()) {
            audit.record(AuditLog.Type.PASSWORD_RESET_REQUESTED, null, user == null ? null : user.id, normalized, ip,
                    refusal.get());
            return;
        }
        Otp otp = issue(user);
        audit.record(AuditLog.Type.PASSWORD_RESET_REQUESTED, null, user.id, user.email, ip, "code issued");
        audit.record(AuditLog.Type.PASSWORD_RESET_CODE_ISSUED, null, user.id, user.email, ip,
                "expires " + otp.expiresAt);
    }

    /**
     * Sets the new password when the code is right; every session and token of the account ends.
     * <p>
     * The code is checked before the password policy, so an unknown or inactive account and an existing
     * one get the same answer whatever the new password: only the holder of the right code learns why
     * a password is refused. A right code with a refused password gives its try back and stays
     * usable, so choosing a password can never use up the user's code or its tries.
     */
    public void confirm(String email, String code, String newPassword, String ip) {
        throttle.admitConfirmation(ip);
        String normalized = UserRepository.normalize(email);
        User user = users.findByEmail(normalized).filter(User::active).orElse(null);
        // An unknown account makes the same store round trip as a known one, so timing does not tell them apart.
        OneTimeCodes.Check check = codes.check(user == null ? NO_ACCOUNT : user.id, code, config.maxAttempts());
        if (user == null || check.outcome() == OneTimeCodes.Outcome.NO_CODE) {
            audit.record(AuditLog.Type.PASSWORD_RESET_FAILED, null, user == null ? null : user.id, normalized, ip,
                    user == null ? "no such active account" : "no live code");
            throw invalid();
        }
        if (check.outcome() == OneTimeCodes.Outcome.WRONG) {
            audit.record(AuditLog.Type.PASSWORD_RESET_FAILED, null, user.id, user.email, ip,
                    "wrong code, try " + check.attempt());
            throw invalid();
        }
        checkPolicyKeepingTheCode(user, check.hash(), newPassword);
        // Hashed before the code is used up: a hash that has to wait too long (503) leaves the code as it was,
        // this try given back.
        String passwordHash;
        try {
            passwordHash = userService.hashPassword(newPassword);
        } catch (ProblemException busy) {
            codes.giveBack(user.id, check.hash());
            throw busy;
        }
        // One use: whoever deletes it first resets the password.
        if (!codes.consume(user.id, check.hash())) {
            throw invalid();
        }
        try {
            userService.setPasswordHash(user, passwordHash, "reset");
        } catch (ProblemException raced) {
            // The code is used up: set the password on the account as it is now (once) rather than ask
            // for a new code.
            User now = users.findByIdOptional(user.id).filter(u -> raced.status() == 409 && u.active())
                    .orElseThrow(() -> raced);
            userService.setPasswordHash(now, passwordHash, "reset");
        }
        sessions.revokeEverything(user.id, "PASSWORD_RESET");
        audit.record(AuditLog.Type.PASSWORD_RESET, user.id, user.id, user.email, ip, null);
    }

    private Otp issue(User user) {
        OneTimeCodes.Issued issued = codes.issue(user.id, config.lifetime());
        Otp otp = issued.otp();
        outbox.save(codes.repository(), otp, userService.userEvent(EventType.PASSWORD_RESET_REQUESTED, user, user.id,
                UserService.accountOf(user).withCode(sealer.seal(issued.code()), otp.expiresAt,
                        config.lifetime().toMinutes())));
        return otp;
    }

    private void checkPolicyKeepingTheCode(User user, String hash, String newPassword) {
        try {
            policy.check("newPassword", newPassword, user.email, user.name);
        } catch (ProblemException refused) {
            // The right code proved who is asking: this try does not count against them.
            codes.giveBack(user.id, hash);
            throw refused;
        }
    }

    private ProblemException invalid() {
        return new ProblemException(400, "The code is wrong or has expired. Ask for a new one.");
    }
}
