package io.helpdesk.auth.session;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Refresh rotation as JSON: a session's refresh token for a new pair. The OAuth 2.0 token endpoint
 * ({@code authserver.TokenEndpoint}) serves the same rotation form-encoded.
 */
@Path("/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tokens", description = "Refresh rotation (JSON)")
public class TokenRefreshResource {

    private final SessionService sessions;

    public TokenRefreshResource(SessionService sessions) {
        this.sessions = sessions;
    }

    @POST
    @Path("/refresh")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "refreshTokens", summary = "Rotate a refresh token",
            description = "Returns a new pair and retires the token presented. Presenting a retired token again"
                    + " ends its whole session. Clients should not refresh the same token twice at once: one wins.")
    @APIResponse(responseCode = "200", description = "A new pair",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TokenResponse.class)))
    @APIResponse(responseCode = "401", description = "Not a current refresh token")
    public TokenResponse refresh(@Valid @NotNull RefreshRequest request) {
        return TokenResponse.of(sessions.refresh(request.refreshToken()));
    }
}
