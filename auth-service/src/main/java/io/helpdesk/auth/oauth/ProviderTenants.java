package io.helpdesk.auth.oauth;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.oidc.TenantResolver;
import io.quarkus.oidc.runtime.OidcUtils;
import io.vertx.ext.web.RoutingContext;

/**
 * Which provider a request signs in with: the one its route names ({@code /v1/user/oauth/<name>}, both
 * the start and the callback). Every other path has the default tenant, which is disabled: bearer
 * tokens stay with smallrye-jwt.
 */
@ApplicationScoped
public class ProviderTenants implements TenantResolver {

    static final Pattern ROUTE = Pattern.compile("^/v1/user/oauth/([A-Za-z0-9_-]+)$");

    private final SignInProviders providers;

    public ProviderTenants(SignInProviders providers) {
        this.providers = providers;
    }

    @Override
    public String resolve(RoutingContext context) {
        Matcher route = ROUTE.matcher(context.normalizedPath());
        if (route.matches() && providers.find(route.group(1)).isPresent()) {
            return route.group(1);
        }
        return OidcUtils.DEFAULT_TENANT_ID;
    }
}
