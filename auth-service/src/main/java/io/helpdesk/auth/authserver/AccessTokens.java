package io.helpdesk.auth.authserver;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.platform.security.TokenVerifier;
import io.quarkus.security.AuthenticationFailedException;

/**
 * An access token presented to revocation or introspection, checked by {@link TokenVerifier} as every
 * service checks it: signature, issuer, audience and expiry, then the revocation lines. A store that is
 * down is not a verdict: it fails the request (503).
 */
@ApplicationScoped
public class AccessTokens {

    private final TokenVerifier verifier;

    public AccessTokens(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    /** The token if every service would accept it now; empty when it is expired, forged, foreign or revoked. */
    Optional<TokenVerifier.Verified> live(String raw) {
        // A JWS is three dot-separated parts; anything else (a refresh token) is not parsed as one.
        if (raw.chars().filter(c -> c == '.').count() != 2) {
            return Optional.empty();
        }
        try {
            return Optional.of(verifier.verify(raw));
        } catch (AuthenticationFailedException e) {
            return Optional.empty();
        }
    }
}
