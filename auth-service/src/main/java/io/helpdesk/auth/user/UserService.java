package io.helpdesk.auth.user;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import com.mongodb.MongoWriteException;
import com.mongodb.ErrorCategory;

import io.helpdesk.auth.audit.AuditLog;
import io.helpdesk.auth.login.LoginThrottle;
import io.helpdesk.auth.password.PasswordHasher;
import io.helpdesk.auth.password.PasswordPolicy;
import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.contracts.UserEvents;
import io.helpdesk.platform.events.OutboxEntry;
import io.helpdesk.platform.events.Outbox;
import io.helpdesk.platform.web.problem.Problem;
import io.helpdesk.platform.web.problem.ProblemException;
import io.helpdesk.platform.security.Roles;

/**
 * Accounts: sign-up, the password check of a login, the caller's own profile and password.
 * <p>
 * A self sign-up starts unverified: its {@code UserRegistered} event carries a code to prove the
 * address ({@link EmailVerification}), and it cannot log in until then (403 {@link #EMAIL_UNVERIFIED},
 * only after the right password). Accounts stored before verification existed count as verified.
 */
@ApplicationScoped
public class UserService {

    /** The problem type of a login refused because the address is not verified yet. */
    public static final URI EMAIL_UNVERIFIED = URI.create("https://helpdesk.local/problems/email-unverified");

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final LoginThrottle throttle;
    private final AccountSessions sessions;
    private final Outbox outbox;
    private final AuditLog audit;
    private final AccountWrites writes;
    private final EmailVerification verification;

    public UserService(UserRepository users, PasswordHasher hasher, PasswordPolicy policy, LoginThrottle throttle,
            AccountSessions sessions, Outbox outbox, AuditLog audit, EmailVerification verification, AccountWrites writes) {
        this.users = users;
        this.hasher = hasher;
        this.policy = policy;
        this.throttle = throttle;
        this.sessions = sessions;
        this.outbox = outbox;
        this.audit = audit;
        this.verification = verification;
        this.writes = writes;
    }

    /**
     * Self sign-up: always a CUSTOMER, unverified; the event mails a code to prove the address. 409 when
     * the email is taken, in any letter case.
     */
    public User register(UserRequests.Register request, String ip) {
        return register(request, ip, user -> {
        });
    }

    /**
     * Self sign-up, as above; {@code beforeInsert} adds to the new account once the request passed
     * every check and before it is stored (a sign-up with a picture stores the picture there).
     */
    public User register(UserRequests.Register request, String ip, Consumer<User> beforeInsert) {
        String email = UserRepository.normalize(request.email());
        policy.check("password", request.password(), email, request.name());
        User user = newUser(email, request.name(), hasher.hash(request.password()), Roles.CUSTOMER);
        user.emailVerified = false;
        user.phone = request.phone();
        user.company = request.company();
        user.address = request.address() == null ? null : request.address().toEntity();
        if (request.locale() != null) {
            user.locale = request.locale();
        }
        beforeInsert.accept(user);
        UserEvents.Payload withCode = verification.codeAtSignUp(user);
        insert(user, userEvent(EventType.USER_REGISTERED, user, user.id, withCode));
        audit.record(AuditLog.Type.USER_REGISTERED, user.id, user.id, email, ip, null);
        return user;
    }

    /** Creates an account from configuration (first admin, demo accounts) unless the email exists. */
    public boolean seed(String email, String name, String password, String role) {
        String normalized = UserRepository.normalize(email);
        if (users.findByEmail(normalized).isPresent()) {
            return false;
        }
        User user = newUser(normalized, name, hasher.hash(password), role);
        user.emailVerified = true;
        try {
            insert(user, userEvent(EventType.USER_REGISTERED, user, "system", accountOf(user)));
            return true;
        } catch (ProblemException raced) {
            return false; // another replica seeded it first
        }
    }

    /**
     * Checks an email and password for a login and returns the active account; the caller opens its
     * session. Unknown email and wrong password get the same answer after the same work. An account
     * whose address is not verified is refused with 403 {@link #EMAIL_UNVERIFIED}, but only to the
     * holder of the right password: nobody else learns that it exists.
     */
    public User authenticate(String rawEmail, String password, String ip) {
        String email = UserRepository.normalize(rawEmail);
        boolean failuresCounted = throttle.admit(ip, email);
        User user = users.findByEmail(email).orElse(null);
        boolean verified;
        if (user == null || user.passwordHash == null) {
            hasher.verifyDecoy(password);
            verified = false;
        } else {
            verified = hasher.verify(password, user.passwordHash);
        }
        if (!verified || !user.active()) {
            failed(AuditLog.Type.LOGIN_FAILED, null, user == null ? null : user.id, email, ip,
                    user == null ? "unknown email" : verified ? "account " + user.status : "wrong password");
            throw new ProblemException(401, "The email or password is not correct.");
        }
        if (failuresCounted) {
            throttle.succeeded(email);
        }
        if (!user.verified()) {
            audit.record(AuditLog.Type.LOGIN_FAILED, null, user.id, email, ip, "email not verified");
            throw new ProblemException(403, EMAIL_UNVERIFIED, "Email address not verified",
                    "Confirm your email address with the code we mailed you (POST /v1/user/verify-email), or ask for a"
                            + " new one (POST /v1/user/verify-email/resend).", List.of(), null);
        }
        Instant now = Instant.now();
        // Moved to the current cost when a turn is free; another login does it otherwise.
        String upgraded = hasher.needsUpgrade(user.passwordHash) ? hasher.hashIfFree(password) : null;
        // Only the login's own fields: a whole-account write here would undo a disable or a role change
        // made since the account was read.
        users.recordLogin(user.id, now, user.passwordHash, upgraded);
        user.lastLoginAt = now;
        if (upgraded != null) {
            user.passwordHash = upgraded;
        }
        audit.record(AuditLog.Type.LOGIN_SUCCEEDED, user.id, user.id, email, ip, null);
        return user;
    }

    /** The caller's active account, or 401: a deleted or disabled user's token is refused. */
    public User current(String userId) {
        return users.findByIdOptional(userId).filter(User::active)
                .orElseThrow(() -> new ProblemException(401, "This account is no longer active."));
    }

    public User updateProfile(String userId, UserRequests.UpdateProfile request) {
        User user = current(userId);
        if (request.name() != null) {
            user.name = request.name();
        }
        if (request.phone() != null) {
            user.phone = request.phone();
        }
        if (request.company() != null) {
            user.company = request.company();
        }
        if (request.address() != null) {
            user.address = request.address().toEntity();
        }
        if (request.locale() != null) {
            user.locale = request.locale();
        }
        touch(user);
        writes.save(user, userEvent(EventType.USER_UPDATED, user, user.id, accountOf(user)));
        return user;
    }

    /**
     * Changes the password after checking the current one; every other session ends. Wrong current
     * passwords count towards the same lock as failed logins (a stolen access token gets no separate
     * guessing budget), and a locked account is refused with 429 before any check.
     */
    public void changePassword(String userId, String sessionId, UserRequests.ChangePassword request, String ip) {
        User user = current(userId);
        throttle.refuseIfLocked(user.email);
        if (!hasher.verify(request.currentPassword(), user.passwordHash)) {
            failed(AuditLog.Type.PASSWORD_CHANGE_FAILED, user.id, user.id, user.email, ip, "wrong current password");
            throw new ProblemException(400, Problem.BLANK, null, "The current password is not correct.",
                    List.of(new Problem.FieldError("currentPassword", "is not correct")), null);
        }
        throttle.succeeded(user.email);
        policy.check("newPassword", request.newPassword(), user.email, user.name);
        setPassword(user, request.newPassword(), "changed");
        sessions.endAllExcept(user.id, sessionId, "PASSWORD_CHANGED");
        audit.record(AuditLog.Type.PASSWORD_CHANGED, user.id, user.id, user.email, ip, null);
    }

    /**
     * Sets a new password and announces it; the caller decides which sessions end. A reset by a mailed
     * code proves the mailbox, so it also verifies the address.
     */
    public void setPassword(User user, String password, String reason) {
        setPasswordHash(user, hashPassword(password), reason);
    }

    /** The hash {@link #setPasswordHash} stores, for a caller that must have it before it commits to anything. */
    public String hashPassword(String password) {
        return hasher.hash(password);
    }

    public void setPasswordHash(User user, String passwordHash, String reason) {
        user.passwordHash = passwordHash;
        if ("reset".equals(reason)) {
            user.emailVerified = true;
        }
        user.passwordChangedAt = Instant.now();
        touch(user);
        writes.save(user, userEvent(EventType.PASSWORD_CHANGED, user, user.id, accountOf(user).withReason(reason)));
    }

    /** An event of the account as it is now (its version included), by {@code actor}. */
    public OutboxEntry userEvent(EventType type, User user, String actor, UserEvents.Payload payload) {
        return outbox.event(type, actor, user.id, user.version, payload);
    }

    /** The account's fields every user event carries, as they are now. */
    public static UserEvents.Payload accountOf(User user) {
        return UserEvents.Payload.account(user.id, user.email, user.name, user.locale, user.role, user.phone,
                user.company, user.avatarUrl(), user.status.name(), user.verified());
    }

    /** Counts a failed password check towards the account's lock, and audits it and the lock. */
    private void failed(AuditLog.Type type, String actorId, String userId, String email, String ip, String detail) {
        boolean locked = throttle.failed(email);
        audit.record(type, actorId, userId, email, ip, detail);
        if (locked) {
            audit.record(AuditLog.Type.ACCOUNT_LOCKED, actorId, userId, email, ip, null);
        }
    }

    public static void touch(User user) {
        user.updatedAt = Instant.now();
        user.version++;
    }

    /** A new account's document, version 1; nothing is stored. */
    public static User newUser(String email, String name, String hash, String role) {
        Instant now = Instant.now();
        User user = new User();
        user.id = UUID.randomUUID().toString();
        user.email = email;
        user.name = name;
        user.passwordHash = hash;
        user.role = role;
        user.createdAt = now;
        user.updatedAt = now;
        user.passwordChangedAt = now;
        user.version = 1;
        return user;
    }

    /** Stores a new account with its event; 409 when the email is taken. */
    public void insert(User user, OutboxEntry registered) {
        try {
            outbox.insert(users, user, registered);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                throw new ProblemException(409, "An account with this email already exists.");
            }
            throw e;
        }
    }
}
