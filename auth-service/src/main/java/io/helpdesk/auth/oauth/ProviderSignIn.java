package io.helpdesk.auth.oauth;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.auth.audit.AuditLog;
import io.helpdesk.auth.session.SessionService;
import io.helpdesk.auth.session.TokenPair;
import io.helpdesk.auth.user.AccountWrites;
import io.helpdesk.auth.user.User;
import io.helpdesk.auth.user.UserRepository;
import io.helpdesk.auth.user.UserService;
import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.web.problem.Problem;
import io.helpdesk.platform.web.problem.ProblemException;

/**
 * A sign-in a provider vouched for, turned into a Helpdesk account and its session.
 * <ul>
 * <li>An account linked to the provider's account (provider + its id) is found by the link, whatever
 * the address there is now.</li>
 * <li>Otherwise only an address the provider verified counts: it links an existing account with that
 * address, or starts a new CUSTOMER account (verified, no password until one is set by a reset). An
 * unverified address never takes over an account, nor starts one that its owner could not sign up
 * with later.</li>
 * <li>A linked self sign-up that never verified its address is verified by this, and loses the password
 * it was signed up with: whoever chose it did not prove the mailbox.</li>
 * <li>Disabled, deleted and invited accounts are refused.</li>
 * </ul>
 * The session is opened when the client redeems the sign-in's one-time code, exactly as a login opens one.
 */
@ApplicationScoped
public class ProviderSignIn {

    /** The problem type of a sign-in whose address the provider has not verified. */
    public static final URI PROVIDER_EMAIL_UNVERIFIED = URI.create("https://helpdesk.local/problems/provider-email-unverified");
    /** The problem type of a sign-in to an account that cannot sign in (disabled, deleted, invited). */
    public static final URI ACCOUNT_UNAVAILABLE = URI.create("https://helpdesk.local/problems/account-unavailable");

    private static final int MAX_NAME = 100;

    private final UserRepository users;
    private final UserService accounts;
    private final AccountWrites writes;
    private final SessionService sessions;
    private final AuditLog audit;

    public ProviderSignIn(UserRepository users, UserService accounts, AccountWrites writes, SessionService sessions,
            AuditLog audit) {
        this.users = users;
        this.accounts = accounts;
        this.writes = writes;
        this.sessions = sessions;
        this.audit = audit;
    }

    /** The account the provider's account signs in to, linked or created as needed; a 403 problem when refused. */
    public User account(ProviderAccount external, String ip) {
        Optional<User> linked = users.findByIdentity(external.provider(), external.subject());
        if (linked.isPresent()) {
            return admitted(linked.get(), external, ip);
        }
        String email = UserRepository.normalize(external.email());
        if (email == null || email.indexOf('@') <= 0 || !external.emailVerified()) {
            audit.record(AuditLog.Type.LOGIN_FAILED, null, null, email, ip, external.provider() + ": email not verified there");
            throw new ProblemException(403, PROVIDER_EMAIL_UNVERIFIED, "Email address not verified by " + external.provider(),
                    "Your " + external.provider() + " account has no verified email address. Verify it there and sign in"
                            + " again, or sign in with your Helpdesk password.", List.of(), null);
        }
        Optional<User> existing = users.findByEmail(email);
        if (existing.isEmpty()) {
            try {
                return created(external, email, ip);
            } catch (ProblemException raced) {
                // The same person signing in twice at once, or a sign-up meanwhile: link to that account.
                existing = users.findByEmail(email);
                if (existing.isEmpty()) {
                    throw raced;
                }
            }
        }
        return linkedByEmail(existing.get(), external, ip);
    }

    /**
     * The second half of a sign-in, when the client redeems its one-time code: the client must present
     * the verifier of the challenge the sign-in started with (400 naming {@code codeVerifier} otherwise:
     * the code went to another client), and the account must still be active; then the login's own
     * fields, its audit entry and a new session, as for a password login.
     */
    public TokenPair open(SignInCodes.SignedIn signedIn, String verifier, String userAgent, String ip) {
        if (!signedIn.provenBy(verifier)) {
            audit.record(AuditLog.Type.LOGIN_FAILED, null, signedIn.userId(), null, ip,
                    signedIn.provider() + ": code presented without the verifier of the client that started the sign-in");
            throw new ProblemException(400, Problem.BLANK, null, "This code belongs to a sign-in another client started;"
                    + " it is used up. Sign in again.",
                    List.of(new Problem.FieldError("codeVerifier", "does not match the code_challenge the sign-in started with")),
                    null);
        }
        User user = users.findByIdOptional(signedIn.userId()).orElse(null);
        if (user == null || !user.active()) {
            throw refused(user, signedIn.provider(), ip);
        }
        Instant now = Instant.now();
        users.recordLogin(user.id, now, null, null);
        user.lastLoginAt = now;
        audit.record(AuditLog.Type.LOGIN_SUCCEEDED, user.id, user.id, user.email, ip, "with " + signedIn.provider());
        return sessions.open(user, userAgent, ip);
    }

    private User admitted(User user, ProviderAccount external, String ip) {
        if (!user.active()) {
            throw refused(user, external.provider(), ip);
        }
        return user;
    }

    private User linkedByEmail(User user, ProviderAccount external, String ip) {
        if (!user.active()) {
            throw refused(user, external.provider(), ip);
        }
        User.LinkedIdentity identity = User.LinkedIdentity.of(external.provider(), external.subject());
        if (!user.verified()) {
            user.emailVerified = true;
            user.passwordHash = null;
            user.identities = withIdentity(user.identities, identity);
            UserService.touch(user);
            writes.save(user, accounts.userEvent(EventType.USER_UPDATED, user, user.id, UserService.accountOf(user)));
            audit.record(AuditLog.Type.EMAIL_VERIFIED, user.id, user.id, user.email, ip,
                    "by " + external.provider() + "; the password chosen at sign-up was removed");
        } else if (!linkedTo(user, external)) {
            users.link(user.id, identity);
            user.identities = withIdentity(user.identities, identity);
        }
        audit.record(AuditLog.Type.IDENTITY_LINKED, user.id, user.id, user.email, ip, external.provider());
        return user;
    }

    private User created(ProviderAccount external, String email, String ip) {
        User user = UserService.newUser(email, nameOf(external, email), null, Roles.CUSTOMER);
        user.emailVerified = true;
        user.passwordChangedAt = null;
        user.identities = withIdentity(null, User.LinkedIdentity.of(external.provider(), external.subject()));
        accounts.insert(user, accounts.userEvent(EventType.USER_REGISTERED, user, user.id, UserService.accountOf(user)));
        audit.record(AuditLog.Type.USER_REGISTERED, user.id, user.id, email, ip, "with " + external.provider());
        return user;
    }

    private ProblemException refused(User user, String provider, String ip) {
        String status = user == null ? "missing" : user.status.name();
        audit.record(AuditLog.Type.LOGIN_FAILED, null, user == null ? null : user.id, user == null ? null : user.email, ip,
                provider + ": account " + status);
        String detail = user != null && user.status == User.Status.INVITED
                ? "This account waits for its invitation to be accepted: set your password with the link we mailed you first."
                : "This account cannot sign in. Ask an administrator.";
        return new ProblemException(403, ACCOUNT_UNAVAILABLE, "Account unavailable", detail, List.of(), null);
    }

    private static boolean linkedTo(User user, ProviderAccount external) {
        return user.identities != null && user.identities.stream()
                .anyMatch(i -> external.provider().equals(i.provider) && external.subject().equals(i.subject));
    }

    private static List<User.LinkedIdentity> withIdentity(List<User.LinkedIdentity> identities, User.LinkedIdentity identity) {
        List<User.LinkedIdentity> all = identities == null ? new ArrayList<>() : new ArrayList<>(identities);
        all.add(identity);
        return all;
    }

    /** The provider's name as plain text on one line (no control characters, as sign-ups get), or the address's local part. */
    static String nameOf(ProviderAccount external, String email) {
        String name = plain(external.name());
        if (name.isEmpty()) {
            name = plain(email.substring(0, email.indexOf('@')));
        }
        if (name.isEmpty()) {
            name = external.provider() + " user";
        }
        if (name.length() > MAX_NAME) {
            name = name.substring(0, Character.isHighSurrogate(name.charAt(MAX_NAME - 1)) ? MAX_NAME - 1 : MAX_NAME).strip();
        }
        return name;
    }

    /** Line breaks and tabs become spaces; other control characters and halves of surrogate pairs are dropped. */
    private static String plain(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder plain = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == '\t' || c == '\n' || c == '\r') {
                plain.append(' ');
            } else if (!Character.isISOControl(c) && Character.getType(c) != Character.SURROGATE) {
                plain.appendCodePoint(c);
            }
        });
        return plain.toString().replaceAll(" {2,}", " ").strip();
    }
}
