package io.helpdesk.ticket.ticket;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.helpdesk.security.Roles;

/** Who is calling, from their verified token. */
public record Caller(String id, String role, String email) {

    public static Caller of(JsonWebToken token) {
        String role = Roles.highest(token.getGroups());
        String email = token.getClaim("email");
        return new Caller(token.getSubject(), role, email == null ? token.getName() : email);
    }

    public boolean staff() {
        return Roles.AGENT.equals(role) || Roles.ADMIN.equals(role);
    }

    public boolean admin() {
        return Roles.ADMIN.equals(role);
    }

    public boolean customer() {
        return Roles.CUSTOMER.equals(role);
    }

    /** Whether this caller may see the ticket at all; anyone else gets 404. */
    public boolean sees(Ticket ticket) {
        return switch (role) {
            case Roles.ADMIN, Roles.SERVICE -> true;
            case Roles.AGENT -> ticket.assigneeId == null || id.equals(ticket.assigneeId);
            default -> id.equals(ticket.customerId);
        };
    }
}
