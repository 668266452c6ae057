package io.helpdesk.auth.oauth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import io.helpdesk.auth.oauth.SignInProviders.SignInProvider;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.IdTokenCredential;
import io.quarkus.oidc.UserInfo;
import io.quarkus.oidc.common.runtime.OidcCommonUtils;
import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who the current request's code flow signed in, as the provider says: for GitHub its profile
 * ({@code /user}: the numeric id, the name) and the primary address of its email list; for an OpenID
 * Connect provider the ID token Quarkus verified ({@code sub}, {@code email}, {@code email_verified},
 * {@code name}), or its UserInfo when the token carries no address.
 */
@ApplicationScoped
public class ProviderAccounts {

    private final SecurityIdentity identity;
    private final GitHubEmails github;

    public ProviderAccounts(SecurityIdentity identity, GitHubEmails github) {
        this.identity = identity;
        this.github = github;
    }

    public ProviderAccount signedIn(SignInProvider provider) {
        UserInfo info = identity.getAttribute(OidcUtils.USER_INFO_ATTRIBUTE);
        if (provider.github()) {
            JsonObject profile = info.getJsonObject();
            String token = identity.getCredential(AccessTokenCredential.class).getToken();
            GitHubEmails.Email primary = github.primary(token).orElse(null);
            return new ProviderAccount(provider.id(), text(profile.get("id")),
                    primary == null ? null : primary.email(), primary != null && primary.verified(),
                    firstOf(text(profile.get("name")), text(profile.get("login"))));
        }
        // The claims of the ID token Quarkus has just verified (signature, issuer, audience, expiry).
        io.vertx.core.json.JsonObject claims = OidcCommonUtils.decodeJwtContent(
                identity.getCredential(IdTokenCredential.class).getToken());
        String email = text(claims.getValue("email"));
        Object verified = claims.getValue("email_verified");
        if (email == null && info != null) {
            email = info.getEmail();
            verified = info.getJsonObject().get("email_verified");
        }
        return new ProviderAccount(provider.id(), text(claims.getValue("sub")), email, truth(verified),
                firstOf(text(claims.getValue("name")), text(claims.getValue("preferred_username"))));
    }

    private static boolean truth(Object value) {
        return Boolean.TRUE.equals(value) || JsonValue.TRUE.equals(value) || "true".equals(text(value));
    }

    private static String text(Object value) {
        if (value == null || JsonValue.NULL.equals(value)) {
            return null;
        }
        if (value instanceof JsonString string) {
            return string.getString();
        }
        if (value instanceof JsonNumber number) {
            return number.toString();
        }
        return value.toString();
    }

    private static String firstOf(String first, String second) {
        return first != null && !first.isBlank() ? first : second;
    }
}
