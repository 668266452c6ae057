package io.helpdesk.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import io.quarkus.oidc.AuthorizationCodeTokens;
import io.quarkus.oidc.OidcRequestContext;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.runtime.DefaultTokenStateManager;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Quarkus's own session state, kept as it is (this is its {@link DefaultTokenStateManager}, which Quarkus
 * treats as such), with a copy of the last one made for each provider: the value of the
 * {@code q_session_<provider>} cookie Quarkus sets on a callback (which the service expires in the same
 * response) and the provider's tokens in it. Tests present them where they must not work.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class RecordedProviderSessions extends DefaultTokenStateManager {

    /** A provider session as Quarkus made it: the cookie's value and the tokens sealed in it. */
    public record Recorded(String cookie, AuthorizationCodeTokens tokens) {
    }

    private static final Map<String, Recorded> LAST = new ConcurrentHashMap<>();

    /** The last session Quarkus made for this provider. */
    static Recorded last(String provider) {
        return LAST.get(provider);
    }

    @Override
    public Uni<String> createTokenState(RoutingContext routing, OidcTenantConfig config, AuthorizationCodeTokens tokens,
            OidcRequestContext<String> context) {
        return super.createTokenState(routing, config, tokens, context)
                .invoke(state -> LAST.put(config.tenantId().orElse(""), new Recorded(state,
                        new AuthorizationCodeTokens(tokens.getIdToken(), tokens.getAccessToken(), tokens.getRefreshToken()))));
    }
}
