package io.helpdesk.auth.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.helpdesk.auth.audit.AuditLog;
import io.helpdesk.auth.config.AuthConfig;
import io.helpdesk.platform.web.ClientAddress;
import io.helpdesk.platform.web.problem.Problem;
import io.helpdesk.platform.web.problem.ProblemException;
import io.vertx.core.http.HttpServerRequest;

/** The client-credentials grant for services. Refresh rotation is served by {@code session.TokenRefreshResource}. */
@Path("/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tokens", description = "Refresh rotation and service tokens")
public class TokenResource {

    private final TokenIssuer issuer;
    private final AuthConfig config;
    private final AuditLog audit;

    public TokenResource(TokenIssuer issuer, AuthConfig config, AuditLog audit) {
        this.issuer = issuer;
        this.config = config;
        this.audit = audit;
    }

    /** RFC 6749 section 4.4 token response. */
    public record ServiceToken(String access_token,
            String token_type, long expires_in) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Client-credentials grant for services",
            description = "grant_type=client_credentials with client_id and client_secret in the form or in HTTP Basic;"
                    + " returns a short-lived token with the SERVICE role.")
    @APIResponse(responseCode = "200", description = "A service token")
    @APIResponse(responseCode = "401", description = "Unknown client or wrong secret",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ServiceToken clientCredentials(@FormParam("grant_type") String grantType,
            @FormParam("client_id") String clientId, @FormParam("client_secret") String clientSecret,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context HttpServerRequest http) {
        if (!"client_credentials".equals(grantType)) {
            throw new ProblemException(400, Problem.BLANK, null, "Only the client_credentials grant is served here.",
                    java.util.List.of(new Problem.FieldError("grant_type", "must be client_credentials")), null);
        }
        Map.Entry<String, String> credentials = basic(authorization);
        String id = credentials != null ? credentials.getKey() : clientId;
        String secret = credentials != null ? credentials.getValue() : clientSecret;
        String expected = id == null ? null : config.clients().get(id);
        if (expected == null || secret == null
                || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8))) {
            throw new ProblemException(401, "Unknown client or wrong secret.");
        }
        TokenIssuer.AccessToken token = issuer.forService(id);
        audit.record(AuditLog.Type.SERVICE_TOKEN_ISSUED, null, null, null, ClientAddress.of(http), id);
        return new ServiceToken(token.token(), "Bearer", config.jwt().serviceTokenLifetime().toSeconds());
    }

    private static Map.Entry<String, String> basic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : Map.entry(decoded.substring(0, colon), decoded.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
