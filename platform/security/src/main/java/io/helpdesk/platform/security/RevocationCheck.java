package io.helpdesk.platform.security;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Runs after smallrye-jwt has verified signature, issuer, audience and expiry: a token that was
 * revoked anywhere in the system is refused here, in every service, and the caller it names is
 * made once and kept with the identity ({@link CurrentCaller} hands it out).
 */
@ApplicationScoped
public class RevocationCheck implements SecurityIdentityAugmentor {

    /** The identity attribute that holds the {@link TokenVerifier.Verified} token. */
    public static final String VERIFIED = "helpdesk.verified-token";

    private final TokenVerifier verifier;

    public RevocationCheck(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        return context.runBlocking(() -> QuarkusSecurityIdentity.builder(identity)
                .addAttribute(VERIFIED, verifier.admit(token))
                .build());
    }

    /** The verified token an authenticated identity carries; null for anonymous callers. */
    public static TokenVerifier.Verified verified(SecurityIdentity identity) {
        return identity == null || identity.isAnonymous() ? null : identity.getAttribute(VERIFIED);
    }
}
