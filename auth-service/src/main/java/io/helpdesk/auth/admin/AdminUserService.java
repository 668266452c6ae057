package io.helpdesk.auth.admin;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.conversions.Bson;

import com.mongodb.client.model.Filters;

import io.helpdesk.auth.audit.AuditLog;
import io.helpdesk.auth.avatar.AvatarStore;
import io.helpdesk.auth.session.SessionService;
import io.helpdesk.auth.user.User;
import io.helpdesk.auth.user.UserRepository;
import io.helpdesk.auth.user.AccountWrites;
import io.helpdesk.auth.user.UserService;
import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.contracts.UserEvents;
import io.helpdesk.platform.events.Outbox;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.web.paging.Keyset;
import io.helpdesk.platform.web.problem.ProblemException;


/** What an administrator may do to accounts. Every change that lowers trust ends the user's sessions. */
@ApplicationScoped
public class AdminUserService {

    private static final int ANNOUNCE_PAGE = 200;

    private final UserRepository users;
    private final UserService userService;
    private final SessionService sessions;
    private final Outbox outbox;
    private final AuditLog audit;
    private final AccountWrites writes;
    private final AvatarStore avatars;

    public AdminUserService(UserRepository users, UserService userService, SessionService sessions,
            Outbox outbox, AuditLog audit, AccountWrites writes, AvatarStore avatars) {
        this.users = users;
        this.userService = userService;
        this.sessions = sessions;
        this.outbox = outbox;
        this.audit = audit;
        this.writes = writes;
        this.avatars = avatars;
    }

    /** One page of the account list, and how many accounts match when {@code total} was asked for (else null). */
    public record Listed(Keyset.Slice<User> page, Long total) {
    }

    /** A page of the accounts by address (see {@link UserRepository#listFilter}), after the cursor. */
    public Listed list(String q, String role, String status, String cursor, int size, boolean total) {
        Bson filter = UserRepository.listFilter(q, role, status);
        Keyset.Slice<User> page = users.list(filter, cursor, size);
        return new Listed(page, total ? users.countMatching(filter) : null);
    }

    public User get(String id) {
        return users.findByIdOptional(id).orElseThrow(() -> new ProblemException(404, "No such user."));
    }

    public User changeRole(String adminId, String id, String role, String ip) {
        User user = get(id);
        refuseOnSelf(adminId, id, "change your own role");
        if (role.equals(user.role)) {
            return user;
        }
        if (!user.verified() && user.status != User.Status.INVITED && !Roles.CUSTOMER.equals(role)) {
            // Staff get the team's mail and tickets: only once their address is proven (accepting an
            // invitation proves it, so a pending invitation may change role).
            throw new ProblemException(409, "This account has not verified its email address; it can be given a"
                    + " staff role once it has.");
        }
        String previous = user.role;
        user.role = role;
        save(user, EventType.USER_ROLE_CHANGED, adminId, UserService.accountOf(user).withPreviousRole(previous));
        sessions.revokeEverything(user.id, "ROLE_CHANGED");
        audit.record(AuditLog.Type.ROLE_CHANGED, adminId, user.id, user.email, ip, previous + " -> " + role);
        return user;
    }

    public User disable(String adminId, String id, String ip) {
        User user = get(id);
        refuseOnSelf(adminId, id, "disable your own account");
        if (user.status == User.Status.DELETED) {
            throw new ProblemException(409, "A deleted account cannot be disabled.");
        }
        if (user.status == User.Status.ACTIVE || user.status == User.Status.INVITED) {
            user.status = User.Status.DISABLED;
            user.invitation = null;
            save(user, EventType.USER_DISABLED, adminId, UserService.accountOf(user));
            sessions.revokeEverything(user.id, "DISABLED");
            audit.record(AuditLog.Type.USER_DISABLED, adminId, user.id, user.email, ip, null);
        }
        return user;
    }

    public User enable(String adminId, String id, String ip) {
        User user = get(id);
        if (user.status == User.Status.DELETED) {
            throw new ProblemException(409, "A deleted account cannot be enabled.");
        }
        if (user.status == User.Status.DISABLED) {
            // An account that never set its password goes back to waiting for an invitation, unless it
            // signs in through a provider.
            boolean waitsForInvitation = user.passwordHash == null && (user.identities == null || user.identities.isEmpty());
            user.status = waitsForInvitation ? User.Status.INVITED : User.Status.ACTIVE;
            save(user, EventType.USER_ENABLED, adminId, UserService.accountOf(user));
            audit.record(AuditLog.Type.USER_ENABLED, adminId, user.id, user.email, ip, null);
        }
        return user;
    }

    public void delete(String adminId, String id, String ip) {
        User user = get(id);
        refuseOnSelf(adminId, id, "delete your own account");
        if (user.status != User.Status.DELETED) {
            user.status = User.Status.DELETED;
            user.deletedAt = Instant.now();
            user.invitation = null;
            User.Avatar picture = user.avatar;
            user.avatar = null;
            save(user, EventType.USER_DELETED, adminId, UserService.accountOf(user));
            if (picture != null) {
                avatars.delete(user.id, picture.key);
            }
            sessions.revokeEverything(user.id, "DELETED");
            audit.record(AuditLog.Type.USER_DELETED, adminId, user.id, user.email, ip, null);
        }
    }

    /**
     * Announces every account as it is now ({@code UserUpdated}, its current version), a page at a time:
     * the rebuild of every service's people directory. An account changed meanwhile is skipped, since
     * that change announced it already. Returns how many were announced.
     */
    public int announceAll(String adminId, String ip) {
        int announced = 0;
        List<User> page = users.page(null, ANNOUNCE_PAGE);
        while (!page.isEmpty()) {
            for (User user : page) {
                if (outbox.append(users, user.id, Filters.eq("version", user.version),
                        outbox.event(EventType.USER_UPDATED, adminId, user.id, user.version, UserService.accountOf(user)))) {
                    announced++;
                }
            }
            page = users.page(page.get(page.size() - 1).id, ANNOUNCE_PAGE);
        }
        audit.record(AuditLog.Type.USERS_ANNOUNCED, adminId, null, null, ip, announced + " accounts");
        return announced;
    }

    private void save(User user, EventType type, String adminId, UserEvents.Payload payload) {
        UserService.touch(user);
        writes.save(user, outbox.event(type, adminId, user.id, user.version, payload));
    }

    private static void refuseOnSelf(String adminId, String id, String what) {
        if (adminId.equals(id)) {
            throw new ProblemException(409, "You cannot " + what + "; ask another administrator.");
        }
    }
}
