package io.helpdesk.platform.security;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Runs after smallrye-jwt has verified signature, issuer, audience and expiry: a token that was
 * revoked anywhere in the system is refused here, in every service, and the caller it names is
 * made once and kept with the identity ({@link CurrentCaller} hands it out). Only this system's
 * tokens are checked: an identity a sign-in provider vouched for (the auth-service's OpenID Connect
 * code flow) carries the provider's token, which names no Helpdesk user or session.
 */
@ApplicationScoped
public class RevocationCheck implements SecurityIdentityAugmentor {

    /** The identity attribute that holds the {@link TokenVerifier.Verified} token. */
    public static final String VERIFIED = "helpdesk.verified-token";

    private final TokenVerifier verifier;
    private final String issuer;

    public RevocationCheck(TokenVerifier verifier, @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer) {
        this.verifier = verifier;
        this.issuer = issuer;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)
                || !issuer.equals(token.getIssuer())) {
            return Uni.createFrom().item(identity);
        }
        // Redis answers on the request's own thread: no hand-over to a worker for one MGET.
        return verifier.admitLater(token).map(verified -> QuarkusSecurityIdentity.builder(identity)
                .addAttribute(VERIFIED, verified)
                .build());
    }

    /** The verified token an authenticated identity carries; null for anonymous callers. */
    public static TokenVerifier.Verified verified(SecurityIdentity identity) {
        return identity == null || identity.isAnonymous() ? null : identity.getAttribute(VERIFIED);
    }
}
