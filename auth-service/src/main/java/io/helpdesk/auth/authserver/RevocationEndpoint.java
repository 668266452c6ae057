package io.helpdesk.auth.authserver;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.helpdesk.auth.session.SessionService;
import io.helpdesk.platform.web.ClientAddress;
import io.vertx.core.http.HttpServerRequest;

/**
 * RFC 7009 token revocation. A refresh token ends its session (the whole family); an access token is
 * denylisted and its session ends, as a logout: every service refuses them from the next request on.
 * Whoever holds a token may revoke it; a registered client that sends credentials must get them right.
 */
@Path("/v1/tokens/revoke")
@Tag(name = "OAuth 2.0")
public class RevocationEndpoint {

    /** The form of the revocation endpoint, for the API description. */
    @Schema(name = "RevocationRequest", description = "RFC 7009 revocation request, application/x-www-form-urlencoded")
    public record RevocationForm(
            @Schema(required = true, description = "An access or a refresh token") String token,
            @Schema(description = "Where to look first: access_token or refresh_token; both kinds are tried, and"
                    + " a hint this server does not know is ignored (RFC 7009 section 2.1)") String token_type_hint,
            @Schema(description = "A client's id; registered clients must authenticate") String client_id,
            @Schema(description = "A registered client's secret (client_secret_post); or use HTTP Basic") String client_secret) {
    }

    private final ClientAuthentication clients;
    private final AccessTokens accessTokens;
    private final SessionService sessions;

    public RevocationEndpoint(ClientAuthentication clients, AccessTokens accessTokens, SessionService sessions) {
        this.clients = clients;
        this.accessTokens = accessTokens;
        this.sessions = sessions;
    }

    @POST
    @Consumes(TokenEndpoint.FORM)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Revoke a token (RFC 7009)",
            description = "A refresh token ends its session; an access token is refused from now on and its session"
                    + " ends. 200 also for a token that is unknown, invalid, expired or revoked already.")
    @RequestBody(required = true, content = @Content(mediaType = TokenEndpoint.FORM,
            schema = @Schema(implementation = RevocationForm.class)))
    @APIResponse(responseCode = "200", description = "Revoked, or nothing to revoke (empty body)")
    @APIResponse(responseCode = "400", description = "invalid_request: no token, or a parameter sent twice",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthError.class)))
    @APIResponse(responseCode = "401", description = "invalid_client: a client's authentication failed",
            headers = @Header(name = "WWW-Authenticate", description = "The Basic challenge", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthError.class)))
    public Response revoke(String form,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context HttpServerRequest http) {
        FormParameters parameters = FormParameters.parse(form);
        clients.of(parameters, authorization);
        String token = parameters.required("token");
        parameters.optional("token_type_hint");
        String ip = ClientAddress.of(http);
        accessTokens.live(token).ifPresentOrElse(verified -> sessions.logout(verified, ip),
                () -> sessions.revokeRefreshToken(token, ip));
        return Response.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }
}
