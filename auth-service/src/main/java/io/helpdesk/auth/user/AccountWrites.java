package io.helpdesk.auth.user;

import jakarta.enterprise.context.ApplicationScoped;

import com.mongodb.client.model.Filters;

import io.helpdesk.platform.events.Outbox;
import io.helpdesk.platform.events.OutboxEntry;
import io.helpdesk.platform.web.problem.ProblemException;

/**
 * How a changed account is written: with its events, and only over the version it was read at. Two
 * changes that read the same account (an admin's disable and a verification, an acceptance and a
 * role change) cannot both land: the later write gets 409 and writes nothing, so no change is ever
 * undone by a write made from an older read.
 */
@ApplicationScoped
public class AccountWrites {

    private final UserRepository users;
    private final Outbox outbox;

    public AccountWrites(UserRepository users, Outbox outbox) {
        this.users = users;
        this.outbox = outbox;
    }

    /** Writes the account, changed once since it was read ({@link UserService#touch} bumped its version), with its events. */
    public void save(User user, OutboxEntry... events) {
        if (!outbox.saveIf(users, user, Filters.eq("version", user.version - 1), events)) {
            throw new ProblemException(409, "The account was changed meanwhile; try again.");
        }
    }
}
