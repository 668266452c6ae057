package io.helpdesk.auth.authserver;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.auth.config.AuthConfig;

/**
 * Who is calling an OAuth endpoint (RFC 6749 section 2.3): a registered client with its secret, in
 * HTTP Basic ({@code client_secret_basic}) or in the form ({@code client_secret_post}), never both; or
 * a public client, with at most a {@code client_id} that is not a registered one. A registered client
 * must always authenticate, and wrong credentials fail the request whatever the endpoint.
 */
@ApplicationScoped
public class ClientAuthentication {

    /** The caller of an OAuth endpoint: a client id (none for an anonymous public client), and whether it proved it. */
    public record Client(String id, boolean authenticated) {
    }

    private final AuthConfig config;

    public ClientAuthentication(AuthConfig config) {
        this.config = config;
    }

    Client of(FormParameters form, String authorization) {
        String formId = form.optional("client_id");
        String formSecret = form.optional("client_secret");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            if (formSecret != null) {
                throw OAuthException.invalidRequest("Use one client authentication method: HTTP Basic or the form.");
            }
            String[] basic = basic(authorization.substring(6).trim());
            if (basic == null) {
                throw OAuthException.invalidClient("The HTTP Basic credentials are malformed.");
            }
            if (formId != null && !formId.equals(basic[0]) && !formId.equals(decoded(basic[0]))) {
                throw OAuthException.invalidRequest("client_id differs from the client of HTTP Basic.");
            }
            return authenticated(basic[0], basic[1]);
        }
        if (formSecret != null) {
            if (formId == null) {
                throw OAuthException.invalidRequest("client_secret needs its client_id.");
            }
            return authenticated(formId, formSecret);
        }
        if (formId != null && config.clients().containsKey(formId)) {
            throw OAuthException.invalidClient("This client must authenticate.");
        }
        return new Client(formId, false);
    }

    /**
     * A registered client's credentials, as sent or form-URL-decoded: RFC 6749 has clients encode both
     * before HTTP Basic, and many clients (Quarkus's among them) do not.
     */
    private Client authenticated(String id, String secret) {
        if (matches(id, secret)) {
            return new Client(id, true);
        }
        String decodedId = decoded(id);
        String decodedSecret = decoded(secret);
        if (decodedId != null && decodedSecret != null && matches(decodedId, decodedSecret)) {
            return new Client(decodedId, true);
        }
        throw OAuthException.invalidClient("Unknown client or wrong secret.");
    }

    private boolean matches(String id, String secret) {
        String expected = config.clients().get(id);
        return expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                secret.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] basic(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon <= 0 ? null : new String[] { decoded.substring(0, colon), decoded.substring(colon + 1) };
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String decoded(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
