package io.helpdesk.platform.security;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Makes the identity of a bearer token that {@link CachingJwtParser} verified before, on the thread the
 * request arrived on. smallrye-jwt's own provider verifies on a worker thread whenever the keys are
 * remote (a JWKS fetch blocks), so without this every request paid a hand-over to a worker and back
 * just to read a remembered verdict. A token not remembered gets no answer here (a null identity) and
 * smallrye-jwt's provider, next in priority, verifies it as before. The identity is the one that provider
 * makes (the token as principal, its groups as roles); {@link RevocationCheck} then runs on it alike.
 */
@ApplicationScoped
public class RememberedTokens implements IdentityProvider<TokenAuthenticationRequest> {

    private final CachingJwtParser parser;

    public RememberedTokens(CachingJwtParser parser) {
        this.parser = parser;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Before smallrye-jwt's provider (the default priority), so a remembered token never reaches it. */
    @Override
    public int priority() {
        return 1;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        // Only a bearer token as smallrye-jwt's mechanism presents it (not an OpenID Connect sign-in's tokens).
        JsonWebToken token = request.getToken() instanceof JsonWebTokenCredential ? parser.remembered(request.getToken().getToken())
                : null;
        if (token == null) {
            return Uni.createFrom().nullItem();
        }
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(token)
                .addCredential(request.getToken())
                .addRoles(token.getGroups())
                .addAttribute("quarkus.user", token);
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (routing != null) {
            identity.addAttribute(RoutingContext.class.getName(), routing);
        }
        return Uni.createFrom().item(identity.build());
    }
}
