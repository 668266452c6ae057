package io.helpdesk.auth.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType;

/** The startup check of the sign-in providers' configuration, tenant by tenant. */
class SignInProvidersTest {

    private static OidcTenantConfig provider(String id, String clientSecret, String stateSecret) {
        var builder = OidcTenantConfig.builder().tenantId(id).authServerUrl("https://idp.test/realms/x")
                .clientId("helpdesk").applicationType(ApplicationType.WEB_APP);
        if (clientSecret != null) {
            builder.credentials(clientSecret);
        }
        var authentication = builder.authentication().pkceRequired(true).removeRedirectParameters(false)
                .redirectPath("/v1/user/oauth/" + id);
        if (stateSecret != null) {
            authentication.stateSecret(stateSecret);
        }
        return authentication.end().build();
    }

    @Test
    void aProviderWhoseStateKeyWouldDifferPerReplicaIsRefusedNamingTheVariable() {
        List<String> shortSecret = SignInProviders.problemsOf(provider("google", "only-31-characters-long-secret!", null));
        assertEquals(1, shortSecret.size(), shortSecret.toString());
        assertTrue(shortSecret.get(0).startsWith("google: set QUARKUS_OIDC_GOOGLE_AUTHENTICATION_STATE_SECRET (32+ characters"),
                shortSecret.get(0));
        assertEquals(1, SignInProviders.problemsOf(provider("google", null, null)).size());
        List<String> github = SignInProviders.problemsOf(provider("github", "0123456789abcdef", null));
        assertTrue(github.get(0).contains("AUTH_OAUTH_STATE_SECRET"), github.toString());
        assertTrue(SignInProviders.problemsOf(provider("my-idp", "short", null)).get(0)
                .contains("QUARKUS_OIDC_MY_IDP_AUTHENTICATION_STATE_SECRET"));
    }

    @Test
    void aStateSecretOrAClientSecretOf32CharactersIsTheSameOnEveryReplica() {
        assertEquals(List.of(), SignInProviders.problemsOf(provider("google", "short", "a-state-secret-of-32-characters!")));
        assertEquals(List.of(), SignInProviders.problemsOf(provider("google", "a-client-secret-of-32-characters", null)));
    }

    @Test
    void theOtherRulesStillApply() {
        OidcTenantConfig service = OidcTenantConfig.builder().tenantId("exchange").authServerUrl("https://idp.test")
                .credentials("a-client-secret-of-32-characters").build();
        List<String> problems = SignInProviders.problemsOf(service);
        assertTrue(problems.stream().anyMatch(p -> p.contains("route of its own")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("application-type=web-app")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("pkce-required=true")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("redirect-path=/v1/user/oauth/exchange")), problems.toString());
    }
}
