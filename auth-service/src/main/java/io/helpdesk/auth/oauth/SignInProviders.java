package io.helpdesk.auth.oauth;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.common.runtime.OidcCommonUtils;
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
 * the service at startup rather than signing people in some other way. So does a tenant whose state
 * cookie key Quarkus would generate per process (no state secret, a client secret under 32
 * characters): with two replicas, a callback that reaches the other one would fail.
 */
@ApplicationScoped
public class SignInProviders {

    /** The shortest secret Quarkus derives the state cookie's key from instead of generating one per process. */
    static final int MIN_SECRET = 32;

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
            problems.addAll(problemsOf(config));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Sign-in providers configured wrongly: " + String.join("; ", problems));
        }
    }

    /** What stops a tenant from being a sign-in provider here, each with the keys to set. */
    static List<String> problemsOf(OidcTenantConfig config) {
        List<String> problems = new ArrayList<>();
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
        // Without a redirect path Quarkus keeps the start's query (the client's code_challenge) and, once the
        // code is exchanged, redirects the browser to it instead of letting the callback sign anyone in.
        String route = "/v1/user/oauth/" + id;
        if (!route.equals(config.authentication().redirectPath().orElse(null))
                || config.authentication().restorePathAfterRedirect()) {
            problems.add(id + ": set quarkus.oidc." + id + ".authentication.redirect-path=" + route
                    + " and leave restore-path-after-redirect false");
        }
        if (!hasStateSecret(config) && clientSecretLength(config) < MIN_SECRET) {
            problems.add(id + ": set " + stateSecretVariable(id) + " (" + MIN_SECRET + "+ characters, the same on every"
                    + " replica): with no state secret and a client secret under " + MIN_SECRET + " characters, each"
                    + " replica encrypts its state cookies with a key of its own, and a callback that reaches"
                    + " another replica fails");
        }
        return problems;
    }

    /**
     * The environment variable of a provider's state secret: AUTH_OAUTH_STATE_SECRET for GitHub, as
     * application.properties maps it; Quarkus's own name for any other provider.
     */
    static String stateSecretVariable(String id) {
        String own = "QUARKUS_OIDC_" + id.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_AUTHENTICATION_STATE_SECRET";
        return "github".equals(id) ? "AUTH_OAUTH_STATE_SECRET (or " + own + ")" : own;
    }

    /** Quarkus encrypts the state cookie with the state secret, else with a client secret of 32+ characters. */
    @SuppressWarnings("deprecation")
    private static boolean hasStateSecret(OidcTenantConfig config) {
        return config.authentication().stateSecret().filter(secret -> !secret.isEmpty()).isPresent()
                || config.authentication().pkceSecret().filter(secret -> !secret.isEmpty()).isPresent();
    }

    private static int clientSecretLength(OidcTenantConfig config) {
        String secret = OidcCommonUtils.clientSecret(config.credentials()).await().indefinitely();
        if (secret == null) {
            secret = OidcCommonUtils.jwtSecret(config.credentials()).await().indefinitely();
        }
        return secret == null ? 0 : secret.length();
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
