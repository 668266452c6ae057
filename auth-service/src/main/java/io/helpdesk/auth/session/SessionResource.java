package io.helpdesk.auth.session;

import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.helpdesk.auth.password.PasswordHasher;
import io.helpdesk.auth.user.User;
import io.helpdesk.auth.user.UserService;
import io.helpdesk.platform.web.ClientAddress;
import io.helpdesk.platform.web.problem.ProblemException;
import io.helpdesk.platform.security.CurrentCaller;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;

/** The caller's sessions: log in, log out, list them and end one. */
@Path("/v1/user")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "User", description = "Sign-up, login, profile, sessions and password reset")
public class SessionResource {

    private final UserService users;
    private final SessionService sessions;
    private final CurrentCaller caller;

    public SessionResource(UserService users, SessionService sessions, CurrentCaller caller) {
        this.users = users;
        this.sessions = sessions;
        this.caller = caller;
    }

    @Schema(name = "SessionView", description = "One of the caller's active sessions",
            requiredProperties = { "id", "createdAt", "lastUsedAt", "expiresAt", "userAgent", "ip", "current" })
    public record SessionView(String id, Instant createdAt, Instant lastUsedAt, Instant expiresAt,
            @Schema(nullable = true, description = "The User-Agent of the login, cut to 200 characters") String userAgent,
            @Schema(nullable = true, description = "The client address of the login") String ip,
            @Schema(description = "True for the session of the token this request carries") boolean current) {
    }

    @POST
    @Path("/login")
    @Operation(operationId = "login",
            summary = "Log in", description = "Email and password for an access and a refresh token.")
    @APIResponse(responseCode = "200", description = "Tokens",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TokenResponse.class)))
    @APIResponse(responseCode = "401", description = "Wrong email or password")
    @APIResponse(responseCode = "403", description = "The right password, but the address is not verified yet"
            + " (problem type https://helpdesk.local/problems/email-unverified)")
    @APIResponse(responseCode = "429", description = "Throttled or locked; see Retry-After")
    @APIResponse(responseCode = "503", description = PasswordHasher.BUSY)
    public TokenResponse login(@Valid @NotNull LoginRequest request, @Context HttpServerRequest http) {
        String ip = ClientAddress.of(http);
        User user = users.authenticate(request.email(), request.password(), ip);
        return TokenResponse.of(sessions.open(user, http.getHeader(HttpHeaders.USER_AGENT), ip));
    }

    @DELETE
    @Path("/logout")
    @Authenticated
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "logout",
            summary = "Log out", description = "Ends this session: its refresh token and every access token issued"
            + " in it stop working in every service, and its open chat sockets close.")
    @APIResponse(responseCode = "204", description = "Logged out")
    public void logout(@Context HttpServerRequest http) {
        sessions.logout(caller.token(), ClientAddress.of(http));
    }

    @GET
    @Path("/sessions")
    @Authenticated
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "listSessions", summary = "The caller's active sessions")
    @APIResponse(responseCode = "200", description = "The active sessions; current marks this one",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = SessionView.class)))
    public List<SessionView> sessions() {
        String current = caller.get().sessionId();
        return sessions.active(caller.get().id()).stream()
                .map(s -> new SessionView(s.id, s.createdAt, s.lastUsedAt, s.expiresAt, s.userAgent, s.ip,
                        s.id.equals(current)))
                .toList();
    }

    @DELETE
    @Path("/sessions/{id}")
    @Authenticated
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "endSession", summary = "End one of the caller's sessions",
            description = "Every access token of that session is refused by every service from the next request on.")
    @APIResponse(responseCode = "204", description = "Ended")
    @APIResponse(responseCode = "404", description = "No such session of the caller")
    public void endSession(@PathParam("id") String id, @Context HttpServerRequest http) {
        String userId = caller.get().id();
        Session session = sessions.activeOne(userId, id)
                .orElseThrow(() -> new ProblemException(404, "No such session."));
        sessions.revoke(session, userId, ClientAddress.of(http));
    }
}
