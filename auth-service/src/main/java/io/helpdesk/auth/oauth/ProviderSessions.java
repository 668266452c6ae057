package io.helpdesk.auth.oauth;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.oidc.OidcSession;
import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.oidc.runtime.TenantConfigBean;
import io.quarkus.oidc.runtime.TenantConfigContext;
import io.vertx.ext.web.RoutingContext;

/**
 * Ends the provider session Quarkus opens with every code flow. The provider's tokens serve the one
 * request that signs someone in; a session cookie left behind would be a second way in (the provider's
 * access token, which for GitHub never expires, sealed in it). {@link OidcSession#logout()} only
 * removes a cookie the request came with, so the cookie this very response would set (in chunks when
 * large) is expired here too.
 */
@ApplicationScoped
public class ProviderSessions {

    private static final int MAX_CHUNKS = 32;

    private final OidcSession session;
    private final TenantConfigBean tenants;

    public ProviderSessions(OidcSession session, TenantConfigBean tenants) {
        this.session = session;
        this.tenants = tenants;
    }

    public void end(RoutingContext routing, String provider) {
        session.logout().await().indefinitely();
        TenantConfigContext tenant = tenants.getStaticTenant(provider);
        if (tenant == null) {
            return;
        }
        String name = OidcUtils.getSessionCookieName(tenant.oidcConfig());
        routing.response().removeCookies(name, true);
        for (int chunk = 1; chunk <= MAX_CHUNKS; chunk++) {
            if (routing.response().removeCookies(name + OidcUtils.SESSION_COOKIE_CHUNK + chunk, true).isEmpty()) {
                break;
            }
        }
    }
}
