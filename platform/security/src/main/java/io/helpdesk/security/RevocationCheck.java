package io.helpdesk.security;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;

/**
 * Runs after smallrye-jwt has verified signature, issuer, audience and expiry: a token that was
 * revoked anywhere in the system is refused here, in every service.
 */
@ApplicationScoped
public class RevocationCheck implements SecurityIdentityAugmentor {

    private final RevocationStore revocations;

    public RevocationCheck(RevocationStore revocations) {
        this.revocations = revocations;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        return context.runBlocking(() -> {
            if (revocations.isRevoked(token.getTokenID(), token.getSubject(), token.getIssuedAtTime())) {
                throw new AuthenticationFailedException("The token was revoked");
            }
            return identity;
        });
    }
}
