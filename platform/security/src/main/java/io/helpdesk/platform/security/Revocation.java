package io.helpdesk.platform.security;

/**
 * One revocation as it is announced on {@link io.helpdesk.platform.contracts.Channels#REVOCATIONS_CHANNEL}, so
 * that instances holding open connections (chat) can close them at once instead of at their next
 * check. The wire form is {@code <kind> <value> [<validAfter>]}.
 */
public record Revocation(Kind kind, String value, long validAfter) {

    public enum Kind {
        /** One access token, by {@code jti}. */
        TOKEN,
        /** Every access token of one session, by {@code sid}. */
        SESSION,
        /** Every token of one user issued before {@code validAfter} (epoch seconds). */
        USER
    }

    public String encode() {
        return kind.name() + " " + value + (kind == Kind.USER ? " " + validAfter : "");
    }

    /** The revocation a message announces, or null when it is not one. */
    public static Revocation decode(String message) {
        String[] parts = message == null ? new String[0] : message.split(" ");
        try {
            Kind kind = Kind.valueOf(parts[0]);
            if (kind == Kind.USER) {
                return parts.length == 3 ? new Revocation(kind, parts[1], Long.parseLong(parts[2])) : null;
            }
            return parts.length == 2 ? new Revocation(kind, parts[1], 0) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Whether a token with these claims is one this revocation refuses. */
    public boolean refuses(String jti, String sessionId, String subject, long issuedAt) {
        return switch (kind) {
            case TOKEN -> value.equals(jti);
            case SESSION -> value.equals(sessionId);
            case USER -> value.equals(subject) && issuedAt < validAfter;
        };
    }
}
