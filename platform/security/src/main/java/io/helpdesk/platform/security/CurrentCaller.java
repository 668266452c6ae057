package io.helpdesk.platform.security;

import jakarta.enterprise.context.RequestScoped;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The caller of the current request, made once from its verified token. Resources inject this
 * instead of the raw token, so every service names the caller and decides the role the same way.
 */
@RequestScoped
public class CurrentCaller {

    private final SecurityIdentity identity;

    public CurrentCaller(SecurityIdentity identity) {
        this.identity = identity;
    }

    public Caller get() {
        return token().caller();
    }

    /** The verified token itself (its id, session, expiry), for the routes that end it. */
    public TokenVerifier.Verified token() {
        TokenVerifier.Verified verified = RevocationCheck.verified(identity);
        if (verified == null) {
            throw new UnauthorizedException();
        }
        return verified;
    }
}
