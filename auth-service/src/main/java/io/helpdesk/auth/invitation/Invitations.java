package io.helpdesk.auth.invitation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;

import com.mongodb.client.model.Filters;

import io.helpdesk.auth.audit.AuditLog;
import io.helpdesk.auth.config.AuthConfig;
import io.helpdesk.auth.password.PasswordHasher;
import io.helpdesk.auth.password.PasswordPolicy;
import io.helpdesk.auth.user.AccountWrites;
import io.helpdesk.auth.user.User;
import io.helpdesk.auth.user.UserRepository;
import io.helpdesk.auth.user.UserService;
import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.contracts.Sealer;
import io.helpdesk.platform.events.Outbox;
import io.helpdesk.platform.events.OutboxEntry;
import io.helpdesk.platform.web.problem.ProblemException;

/**
 * Accounts the way teams onboard: an administrator creates one with a role (status INVITED, no
 * password), and the user sets a password with the mailed invitation. The token is 256 random bits,
 * kept only as a SHA-256 hash on the account, works once and expires; it reaches the
 * notification-service sealed inside a {@code UserInvited} event. Issuing a new one replaces the old.
 */
@ApplicationScoped
public class Invitations {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final UserRepository users;
    private final UserService userService;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final Outbox outbox;
    private final Sealer sealer;
    private final AuditLog audit;
    private final AccountWrites writes;
    private final AuthConfig.Invitation config;

    public Invitations(UserRepository users, UserService userService, PasswordHasher hasher, PasswordPolicy policy,
            Outbox outbox, Sealer sealer, AuditLog audit, AuthConfig config, AccountWrites writes) {
        this.users = users;
        this.userService = userService;
        this.hasher = hasher;
        this.policy = policy;
        this.outbox = outbox;
        this.sealer = sealer;
        this.audit = audit;
        this.config = config.invitation();
        this.writes = writes;
    }

    /** Creates the account, INVITED, with its invitation; 409 when the email is taken, in any letter case. */
    public User create(String adminId, InvitationRequests.Create request, String ip) {
        User user = UserService.newUser(UserRepository.normalize(request.email()), request.name(), null, request.role());
        user.status = User.Status.INVITED;
        user.emailVerified = false;
        user.passwordChangedAt = null;
        user.company = request.company();
        if (request.locale() != null) {
            user.locale = request.locale();
        }
        userService.insert(user, invite(user, adminId));
        audit.record(AuditLog.Type.USER_INVITED, adminId, user.id, user.email, ip,
                "role " + user.role + ", expires " + user.invitation.expiresAt);
        return user;
    }

    /** A new invitation for an account that has not accepted one; the previous token stops working. */
    public User reissue(String adminId, User user, String ip) {
        if (user.status != User.Status.INVITED) {
            throw new ProblemException(409, "This account is " + user.status
                    + ": only an account that has not accepted its invitation can be invited again.");
        }
        UserService.touch(user);
        writes.save(user, invite(user, adminId));
        audit.record(AuditLog.Type.USER_INVITED, adminId, user.id, user.email, ip,
                "re-issued, expires " + user.invitation.expiresAt);
        return user;
    }

    /**
     * Sets the password of the invited account and activates it (its address is proven by the mail):
     * the token is used up in the same conditional write, so of two acceptances exactly one succeeds.
     * An unknown, used, replaced or expired token: the same 400, checked before the password policy.
     */
    public User accept(String token, String password, String ip) {
        String hash = hash(token);
        Instant now = Instant.now();
        User user = users.find("invitation.tokenHash", hash).firstResultOptional()
                .filter(u -> u.status == User.Status.INVITED && u.invitation.expiresAt.isAfter(now))
                .orElseThrow(Invitations::invalid);
        policy.check("password", password, user.email, user.name);
        long version = user.version;
        user.passwordHash = hasher.hash(password);
        user.passwordChangedAt = now;
        user.status = User.Status.ACTIVE;
        user.emailVerified = true;
        user.invitation = null;
        UserService.touch(user);
        boolean accepted = outbox.saveIf(users, user,
                Filters.and(Filters.eq("version", version), Filters.eq("invitation.tokenHash", hash)),
                userService.userEvent(EventType.USER_UPDATED, user, user.id, UserService.accountOf(user)));
        if (!accepted) {
            // Another write came between: the token still works if the account still waits on it.
            boolean stillInvited = users.find("invitation.tokenHash", hash).firstResultOptional()
                    .filter(u -> u.status == User.Status.INVITED && u.invitation.expiresAt.isAfter(now)).isPresent();
            throw stillInvited ? new ProblemException(409, "The account was changed meanwhile; try again.") : invalid();
        }
        audit.record(AuditLog.Type.INVITATION_ACCEPTED, user.id, user.id, user.email, ip, null);
        return user;
    }

    /** Puts a new invitation on the account and returns the event that mails it. */
    private OutboxEntry invite(User user, String adminId) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        User.Invitation invitation = new User.Invitation();
        invitation.tokenHash = hash(token);
        invitation.issuedAt = Instant.now();
        invitation.expiresAt = invitation.issuedAt.plus(config.lifetime());
        user.invitation = invitation;
        return userService.userEvent(EventType.USER_INVITED, user, adminId, UserService.accountOf(user)
                .withCode(sealer.seal(token), invitation.expiresAt, config.lifetime().toMinutes()));
    }

    /** 256 random bits need no key: a copy of the database cannot be turned back into tokens. */
    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProblemException invalid() {
        return new ProblemException(400,
                "This invitation is not valid: it was used, replaced or has expired. Ask an administrator for a new one.");
    }
}
