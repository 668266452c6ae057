package io.helpdesk.platform.security;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;

/**
 * The one token check of every service, for HTTP requests and WebSocket frames alike: signature,
 * issuer, audience and expiry as smallrye-jwt is configured (the auth-service's JWKS), then the
 * three revocation lines in one Redis round trip. What passes becomes a {@link Verified} token with
 * its {@link Caller}.
 */
@ApplicationScoped
public class TokenVerifier {

    private final JWTParser parser;
    private final RevocationStore revocations;

    public TokenVerifier(JWTParser parser, RevocationStore revocations) {
        this.parser = parser;
        this.revocations = revocations;
    }

    /** A token that passed every check, and who it names. */
    public record Verified(Caller caller, String tokenId, long issuedAt, long expiresAt, String raw) {

        /** Whether the announced revocation refuses this token. */
        public boolean refusedBy(Revocation revocation) {
            return revocation.refuses(tokenId, caller.sessionId(), caller.id(), issuedAt);
        }

        public String authorization() {
            return "Bearer " + raw;
        }
    }

    /** Checks a raw token (a WebSocket {@code auth} frame); refused tokens throw. */
    public Verified verify(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new AuthenticationFailedException("No token");
        }
        try {
            return admit(parser.parse(raw));
        } catch (ParseException e) {
            throw new AuthenticationFailedException("The token is not valid", e);
        }
    }

    /** The revocation check of a token whose signature and claims smallrye-jwt has verified. */
    public Verified admit(JsonWebToken token) {
        Verified verified = verified(token);
        if (!stillValid(verified)) {
            throw revoked();
        }
        return verified;
    }

    /** {@link #admit}, without blocking the calling thread: a revoked token fails the {@code Uni}. */
    public Uni<Verified> admitLater(JsonWebToken token) {
        Verified verified = verified(token);
        return revocations.isRevokedLater(verified.tokenId(), verified.caller().sessionId(), verified.caller().id(),
                verified.issuedAt()).map(revoked -> {
                    if (revoked) {
                        throw revoked();
                    }
                    return verified;
                });
    }

    private static Verified verified(JsonWebToken token) {
        return new Verified(Caller.of(token), token.getTokenID(), token.getIssuedAtTime(), token.getExpirationTime(),
                token.getRawToken());
    }

    private static AuthenticationFailedException revoked() {
        return new AuthenticationFailedException("The token was revoked");
    }

    /** Whether a verified token is still unrevoked now (for connections that outlive a request). */
    public boolean stillValid(Verified token) {
        return !revocations.isRevoked(token.tokenId(), token.caller().sessionId(), token.caller().id(),
                token.issuedAt());
    }
}
