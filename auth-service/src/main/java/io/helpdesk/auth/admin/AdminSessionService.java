package io.helpdesk.auth.admin;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.auth.session.Session;
import io.helpdesk.auth.session.SessionService;
import io.helpdesk.auth.user.User;
import io.helpdesk.platform.web.problem.ProblemException;

/** An administrator's view of another user's sessions, and ending them; each ended session is audited. */
@ApplicationScoped
public class AdminSessionService {

    private final AdminUserService users;
    private final SessionService sessions;

    public AdminSessionService(AdminUserService users, SessionService sessions) {
        this.users = users;
        this.sessions = sessions;
    }

    /** The user's active sessions; 404 for an unknown user. */
    public List<Session> active(String userId) {
        return sessions.active(users.get(userId).id);
    }

    /** Ends one active session of the user; 404 for an unknown user or a session that is not theirs or not live. */
    public void end(String adminId, String userId, String sessionId, String ip) {
        User user = users.get(userId);
        Session session = sessions.activeOne(user.id, sessionId)
                .orElseThrow(() -> new ProblemException(404, "No such session."));
        end(adminId, user, session, ip);
    }

    /**
     * Ends every active session of the user. One by one rather than through
     * {@link SessionService#endAllExcept}, so the audit names exactly the sessions that were ended.
     */
    public void endAll(String adminId, String userId, String ip) {
        User user = users.get(userId);
        for (Session session : sessions.active(user.id)) {
            end(adminId, user, session, ip);
        }
    }

    private void end(String adminId, User user, Session session, String ip) {
        sessions.revoke(session, adminId, ip);
    }
}
