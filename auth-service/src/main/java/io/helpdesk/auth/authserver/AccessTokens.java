package io.helpdesk.auth.authserver;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.helpdesk.platform.security.TokenVerifier;
import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * An access token presented to revocation or introspection, checked as every service checks it:
 * signature, issuer, audience and expiry by smallrye-jwt, then the revocation lines of
 * {@link TokenVerifier}. A store that is down is not a verdict: it fails the request (503).
 */
@ApplicationScoped
public class AccessTokens {

    /** A token that passed every check: its claims and what the services know of it. */
    public record Live(JsonWebToken claims, TokenVerifier.Verified verified) {
    }

    private final JWTParser parser;
    private final TokenVerifier verifier;

    public AccessTokens(JWTParser parser, TokenVerifier verifier) {
        this.parser = parser;
        this.verifier = verifier;
    }

    /** The token if every service would accept it now; empty when it is expired, forged, foreign or revoked. */
    Optional<Live> live(String raw) {
        // A JWS is three dot-separated parts; anything else (a refresh token) is not parsed as one.
        if (raw.chars().filter(c -> c == '.').count() != 2) {
            return Optional.empty();
        }
        JsonWebToken claims;
        try {
            claims = parser.parse(raw);
        } catch (ParseException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Live(claims, verifier.admit(claims)));
        } catch (AuthenticationFailedException e) {
            return Optional.empty();
        }
    }
}
