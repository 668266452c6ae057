package io.helpdesk.platform.security;

/**
 * Issuer and audience every Helpdesk token carries, unless configured otherwise. The issuer is the
 * auth-service's public URL, where its discovery document is served: by default where a local run
 * reaches it.
 */
public final class TokenClaims {

    public static final String DEFAULT_ISSUER = "http://localhost:8081";
    public static final String DEFAULT_AUDIENCE = "helpdesk";

    private TokenClaims() {
    }
}
