package io.helpdesk.auth.user;

/**
 * What the account rules need from sessions: a password change ends the account's other sessions.
 * Implemented by the session feature, which builds on accounts, so this package does not depend on it.
 */
public interface AccountSessions {

    /** Ends every session of the user, except {@code keepSessionId} if given, denylisting their access tokens. */
    void endAllExcept(String userId, String keepSessionId, String reason);
}
