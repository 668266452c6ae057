package io.helpdesk.platform.security;

/** The roles a token's {@code groups} claim carries. */
public final class Roles {

    /** Signed up on their own; sees only their own data. */
    public static final String CUSTOMER = "CUSTOMER";
    /** Support staff: works the ticket queue. */
    public static final String AGENT = "AGENT";
    /** Runs the help desk: users, roles, reports. */
    public static final String ADMIN = "ADMIN";
    /** Another Helpdesk service, calling with a client-credentials token. */
    public static final String SERVICE = "SERVICE";

    private Roles() {
    }

    /** The role that decides what a token may do: ADMIN over AGENT over SERVICE over CUSTOMER. */
    public static String highest(java.util.Set<String> groups) {
        for (String role : new String[] { ADMIN, AGENT, SERVICE }) {
            if (groups.contains(role)) {
                return role;
            }
        }
        return CUSTOMER;
    }
}
