package io.helpdesk.platform.security;

/** Issuer and audience every Helpdesk token carries, unless configured otherwise. */
public final class TokenClaims {

    public static final String DEFAULT_ISSUER = "https://helpdesk.local/auth";
    public static final String DEFAULT_AUDIENCE = "helpdesk";

    private TokenClaims() {
    }
}
