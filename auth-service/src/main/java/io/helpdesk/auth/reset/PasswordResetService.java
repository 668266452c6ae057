package io.helpdesk.auth.reset;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import io.helpdesk.auth.audit.AuditLog;
import io.helpdesk.auth.config.AuthConfig;
import io.helpdesk.auth.password.PasswordPolicy;
import io.helpdesk.auth.session.SessionService;
import io.helpdesk.auth.token.SigningKeys;
import io.helpdesk.auth.user.User;
import io.helpdesk.auth.user.UserRepository;
import io.helpdesk.auth.user.UserService;
import io.helpdesk.platform.contracts.Sealer;
import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.events.Outbox;
import io.helpdesk.platform.web.problem.ProblemException;
import io.quarkus.scheduler.Scheduled;

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
    private static final SecureRandom RANDOM = new SecureRandom();

    private final OtpRepository otps;
    private final UserRepository users;
    private final UserService userService;
    private final SessionService sessions;
    private final PasswordPolicy policy;
    private final Outbox outbox;
    private final Sealer sealer;
    private final AuditLog audit;
    private final ResetThrottle throttle;
    private final AuthConfig.Otp config;
    private final byte[] hashKey;

    public PasswordResetService(OtpRepository otps, UserRepository users, UserService userService,
            SessionService sessions, PasswordPolicy policy, Outbox outbox, Sealer sealer, AuditLog audit,
            ResetThrottle throttle, AuthConfig config, SigningKeys keys) {
        this.otps = otps;
        this.users = users;
        this.userService = userService;
        this.sessions = sessions;
        this.policy = policy;
        this.outbox = outbox;
        this.sealer = sealer;
        this.audit = audit;
        this.throttle = throttle;
        this.config = config.otp();
        this.hashKey = derive(keys);
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
        Document counted = otps.countTry(user == null ? NO_ACCOUNT : user.id, Instant.now(), config.maxAttempts());
        if (user == null || counted == null) {
            audit.record(AuditLog.Type.PASSWORD_RESET_FAILED, null, user == null ? null : user.id, normalized, ip,
                    user == null ? "no such active account" : "no live code");
            throw invalid();
        }
        String hash = counted.getString("hash");
        int attempt = counted.getInteger("attempts", 0) + 1;
        if (!MessageDigest.isEqual(hash.getBytes(StandardCharsets.US_ASCII),
                hash(user.id, code).getBytes(StandardCharsets.US_ASCII))) {
            audit.record(AuditLog.Type.PASSWORD_RESET_FAILED, null, user.id, user.email, ip, "wrong code, try " + attempt);
            if (attempt >= config.maxAttempts()) {
                otps.deleteById(user.id);
            }
            throw invalid();
        }
        checkPolicyKeepingTheCode(user, hash, newPassword);
        // One use: whoever deletes it first resets the password.
        if (!otps.deleteIfCurrent(user.id, hash)) {
            throw invalid();
        }
        userService.setPassword(user, newPassword, "reset");
        sessions.revokeEverything(user.id, "PASSWORD_RESET");
        audit.record(AuditLog.Type.PASSWORD_RESET, user.id, user.id, user.email, ip, null);
    }

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void deleteExpired() {
        otps.deleteExpired(Instant.now());
    }

    private Otp issue(User user) {
        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
        Instant now = Instant.now();
        Otp otp = new Otp();
        otp.id = user.id;
        otp.hash = hash(user.id, code);
        otp.createdAt = now;
        otp.expiresAt = now.plus(config.lifetime());
        otp.attempts = 0;
        outbox.save(otps, otp, userService.userEvent(EventType.PASSWORD_RESET_REQUESTED, user, user.id,
                UserService.accountOf(user).withCode(sealer.seal(code), otp.expiresAt, config.lifetime().toMinutes())));
        return otp;
    }

    private void checkPolicyKeepingTheCode(User user, String hash, String newPassword) {
        try {
            policy.check("newPassword", newPassword, user.email, user.name);
        } catch (ProblemException refused) {
            // The right code proved who is asking: this try does not count against them.
            otps.giveBackTry(user.id, hash);
            throw refused;
        }
    }

    private ProblemException invalid() {
        return new ProblemException(400, "The code is wrong or has expired. Ask for a new one.");
    }

    private String hash(String userId, String code) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hashKey, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((userId + ":" + code).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A keyed hash: a copy of the database alone does not let anyone try the million codes. */
    private static byte[] derive(SigningKeys keys) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update("helpdesk-otp-hash".getBytes(StandardCharsets.UTF_8));
            return digest.digest(keys.signingKey().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
