package io.helpdesk.auth.admin;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.helpdesk.auth.session.Session;
import io.helpdesk.platform.web.ClientAddress;
import io.helpdesk.platform.security.CurrentCaller;
import io.helpdesk.platform.security.Roles;
import io.vertx.core.http.HttpServerRequest;

/** Another user's sessions, for an administrator: list them, end one or end them all. */
@Path("/v1/admin/users/{id}/sessions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@SecurityRequirement(name = "bearer")
@Tag(name = "Administration", description = "Accounts and the audit log (ADMIN only)")
public class AdminSessionResource {

    private final AdminSessionService admin;
    private final CurrentCaller caller;

    public AdminSessionResource(AdminSessionService admin, CurrentCaller caller) {
        this.admin = admin;
        this.caller = caller;
    }

    @Schema(name = "AdminSessionView", description = "An active session: one login and its rotating refresh token",
            requiredProperties = { "id", "createdAt", "lastUsedAt", "expiresAt", "userAgent", "ip" })
    public record SessionView(String id, Instant createdAt, Instant lastUsedAt, Instant expiresAt,
            @Schema(nullable = true, description = "The User-Agent of the login, cut to 200 characters") String userAgent,
            @Schema(nullable = true, description = "The client address of the login") String ip) {

        static SessionView of(Session session) {
            return new SessionView(session.id, session.createdAt, session.lastUsedAt, session.expiresAt,
                    session.userAgent, session.ip);
        }
    }

    @GET
    @Operation(operationId = "listUserSessions",
            summary = "A user's active sessions", description = "Where and when the user is logged in.")
    @APIResponse(responseCode = "200", description = "The active sessions, possibly none",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SessionView.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "404", description = "No such user")
    public List<SessionView> list(@Parameter(description = "The user's id") @PathParam("id") String id) {
        return admin.active(id).stream().map(SessionView::of).toList();
    }

    @DELETE
    @Path("/{sessionId}")
    @Operation(operationId = "endUserSession", summary = "End one of a user's sessions",
            description = "Its refresh token and every access token issued in it are refused by every service; its open chat"
                    + " sockets close.")
    @APIResponse(responseCode = "204", description = "Ended")
    @APIResponse(responseCode = "404", description = "No such user, or no such active session of theirs")
    public void end(@Parameter(description = "The user's id") @PathParam("id") String id,
            @Parameter(description = "The session's id") @PathParam("sessionId") String sessionId,
            @Context HttpServerRequest http) {
        admin.end(caller.get().id(), id, sessionId, ClientAddress.of(http));
    }

    @DELETE
    @Operation(operationId = "endAllUserSessions", summary = "End all of a user's sessions",
            description = "Every refresh token of the user and every access token of those sessions are refused by"
                    + " every service. The account stays usable: the user can log in again.")
    @APIResponse(responseCode = "204", description = "Ended (also when there were none)")
    @APIResponse(responseCode = "404", description = "No such user")
    public void endAll(@Parameter(description = "The user's id") @PathParam("id") String id,
            @Context HttpServerRequest http) {
        admin.endAll(caller.get().id(), id, ClientAddress.of(http));
    }
}
