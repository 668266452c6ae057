package io.helpdesk.platform.security;

import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, made once from a verified token: the user (or service) id, the one role that
 * decides what the token may do, the email, and the session the token belongs to (none for service
 * tokens). Every service reads the caller from here; none derives a role by hand.
 */
public record Caller(String id, String role, String email, String sessionId) {

    /** The caller a verified token names. */
    public static Caller of(JsonWebToken token) {
        String email = token.getClaim("email");
        return new Caller(token.getSubject(), Roles.highest(token.getGroups() == null ? Set.of() : token.getGroups()),
                email == null ? token.getName() : email, token.getClaim("sid"));
    }

    /** A caller that is not a token: the system itself, or work done later on someone's behalf. */
    public static Caller acting(String id, String role) {
        return new Caller(id, role, null, null);
    }

    /** Agents and admins. */
    public boolean staff() {
        return Roles.AGENT.equals(role) || Roles.ADMIN.equals(role);
    }

    public boolean admin() {
        return Roles.ADMIN.equals(role);
    }

    public boolean customer() {
        return Roles.CUSTOMER.equals(role);
    }

    /** Another Helpdesk service with a client-credentials token: it reads, it never acts for a person. */
    public boolean service() {
        return Roles.SERVICE.equals(role);
    }
}
