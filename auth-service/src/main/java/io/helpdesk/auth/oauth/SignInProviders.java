package io.helpdesk.auth.oauth;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType;
import io.quarkus.oidc.runtime.OidcTenantConfig.Provider;
import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.oidc.runtime.TenantConfigBean;
import io.quarkus.oidc.runtime.TenantConfigContext;
import io.quarkus.runtime.StartupEvent;

/**
 * The sign-in providers this deployment offers: every enabled named {@code quarkus.oidc.<name>} tenant
 * (there is no default tenant). A provider is an authorization code flow with PKCE whose callback is
 * handed to {@link ProviderSignInResource} on the same request, so a tenant configured otherwise stops
 * the service at startup rather than signing people in some other way.
 */
@ApplicationScoped
public class SignInProviders {

    /** Names under /v1/user/oauth/ that are routes of their own, never a provider. */
    static final Set<String> RESERVED = Set.of("exchange");

    /** One provider: its name (the tenant, the last segment of its route) and whether it is GitHub. */
    public record SignInProvider(String id, boolean github) {
    }

    private final TenantConfigBean tenants;

    public SignInProviders(TenantConfigBean tenants) {
        this.tenants = tenants;
    }

    void check(@Observes StartupEvent started) {
        List<String> problems = new ArrayList<>();
        for (OidcTenantConfig config : enabledConfigs()) {
            String id = config.tenantId().orElseThrow();
            if (RESERVED.contains(id)) {
                problems.add(id + ": the name is a route of its own; choose another");
            }
            if (config.applicationType().orElse(ApplicationType.SERVICE) != ApplicationType.WEB_APP) {
                problems.add(id + ": set quarkus.oidc." + id + ".application-type=web-app");
            }
            if (!config.authentication().pkceRequired().orElse(false)) {
                problems.add(id + ": set quarkus.oidc." + id + ".authentication.pkce-required=true");
            }
            if (config.authentication().removeRedirectParameters()) {
                problems.add(id + ": set quarkus.oidc." + id + ".authentication.remove-redirect-parameters=false");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Sign-in providers configured wrongly: " + String.join("; ", problems));
        }
    }

    /** The enabled providers, by name. */
    public List<SignInProvider> enabled() {
        return enabledConfigs().stream().map(SignInProviders::provider)
                .sorted(Comparator.comparing(SignInProvider::id)).toList();
    }

    public Optional<SignInProvider> find(String id) {
        return enabled().stream().filter(p -> p.id().equals(id)).findFirst();
    }

    private List<OidcTenantConfig> enabledConfigs() {
        List<OidcTenantConfig> configs = new ArrayList<>();
        for (Map.Entry<String, TenantConfigContext> tenant : tenants.getStaticTenantsConfig().entrySet()) {
            OidcTenantConfig config = tenant.getValue().oidcConfig();
            if (!OidcUtils.DEFAULT_TENANT_ID.equals(tenant.getKey()) && config != null && config.tenantEnabled()) {
                configs.add(config);
            }
        }
        return configs;
    }

    private static SignInProvider provider(OidcTenantConfig config) {
        return new SignInProvider(config.tenantId().orElseThrow(), config.provider().orElse(null) == Provider.GITHUB);
    }
}
