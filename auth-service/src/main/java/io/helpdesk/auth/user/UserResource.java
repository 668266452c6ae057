package io.helpdesk.auth.user;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.helpdesk.auth.reset.PasswordResetService;
import io.helpdesk.auth.session.Session;
import io.helpdesk.auth.session.SessionService;
import io.helpdesk.platform.web.ClientAddress;
import io.helpdesk.platform.web.problem.Problem;
import io.helpdesk.platform.web.problem.ProblemException;
import io.helpdesk.platform.security.CurrentCaller;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;

@Path("/v1/user")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "User", description = "Sign-up, login, profile, sessions and password reset")
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
@APIResponse(responseCode = "400", description = "Invalid input",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class UserResource {

    private final UserService users;
    private final SessionService sessions;
    private final PasswordResetService reset;
    private final CurrentCaller caller;

    public UserResource(UserService users, SessionService sessions, PasswordResetService reset, CurrentCaller caller) {
        this.users = users;
        this.sessions = sessions;
        this.reset = reset;
        this.caller = caller;
    }

    public record SessionView(String id, Instant createdAt, Instant lastUsedAt, Instant expiresAt, String userAgent,
            String ip, boolean current) {
    }

    public record Message(String message) {
    }

    @POST
    @Operation(summary = "Register", description = "Creates a CUSTOMER account; a role in the body is ignored.")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "409", description = "The email is taken",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response register(@Valid @NotNull UserRequests.Register request, @Context HttpServerRequest http) {
        User user = users.register(request, ClientAddress.of(http));
        return Response.created(URI.create("/v1/user")).entity(UserView.of(user)).build();
    }

    @GET
    @Authenticated
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "The caller's profile")
    @APIResponse(responseCode = "401", description = "No valid token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public UserView me() {
        return UserView.of(users.current(caller.get().id()));
    }

    @PATCH
    @Authenticated
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Edit the caller's profile", description = "Only the fields present change.")
    public UserView update(@Valid @NotNull UserRequests.UpdateProfile request) {
        return UserView.of(users.updateProfile(caller.get().id(), request));
    }

    @POST
    @Path("/login")
    @Operation(summary = "Log in", description = "Email and password for an access and a refresh token.")
    @APIResponse(responseCode = "200", description = "Tokens",
            content = @Content(schema = @Schema(implementation = TokenResponse.class)))
    @APIResponse(responseCode = "401", description = "Wrong email or password",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "Throttled or locked; see Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public TokenResponse login(@Valid @NotNull UserRequests.Login request, @Context HttpServerRequest http) {
        return TokenResponse.of(users.login(request, ClientAddress.of(http), http.getHeader(HttpHeaders.USER_AGENT)));
    }

    @DELETE
    @Path("/logout")
    @Authenticated
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Log out", description = "Ends this session: its refresh token and every access token issued"
            + " in it stop working in every service, and its open chat sockets close.")
    @APIResponse(responseCode = "204", description = "Logged out")
    public void logout(@Context HttpServerRequest http) {
        sessions.logout(caller.token(), ClientAddress.of(http));
    }

    @POST
    @Path("/change-password")
    @Authenticated
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Change the password", description = "Needs the current password; every other session ends.")
    @APIResponse(responseCode = "204", description = "Changed")
    @APIResponse(responseCode = "429", description = "Too many wrong passwords: the account is locked; see Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public void changePassword(@Valid @NotNull UserRequests.ChangePassword request, @Context HttpServerRequest http) {
        users.changePassword(caller.get().id(), caller.get().sessionId(), request, ClientAddress.of(http));
    }

    @GET
    @Path("/sessions")
    @Authenticated
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "The caller's active sessions")
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
    @Operation(summary = "End one of the caller's sessions",
            description = "Every access token of that session is refused by every service from the next request on.")
    @APIResponse(responseCode = "204", description = "Ended")
    @APIResponse(responseCode = "404", description = "No such session of the caller",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public void endSession(@PathParam("id") String id, @Context HttpServerRequest http) {
        String userId = caller.get().id();
        Session session = sessions.activeOne(userId, id)
                .orElseThrow(() -> new ProblemException(404, "No such session."));
        sessions.revoke(session, userId, ClientAddress.of(http));
    }

    @POST
    @Path("/reset-password")
    @Operation(summary = "Ask for a password-reset code",
            description = "Mails a 6-digit code if the account exists; the answer is the same either way.")
    @APIResponse(responseCode = "202", description = "Accepted")
    public Response requestReset(@Valid @NotNull UserRequests.ResetRequest request, @Context HttpServerRequest http) {
        reset.request(request.email(), ClientAddress.of(http));
        return Response.accepted(new Message(
                "If an account exists for this email, a code to reset its password is on its way.")).build();
    }

    @PATCH
    @Path("/reset-password")
    @Operation(summary = "Reset the password with the mailed code",
            description = "Every session of the account ends and every service refuses its old tokens.")
    @APIResponse(responseCode = "200", description = "Password replaced")
    @APIResponse(responseCode = "429", description = "Too many confirmations from this address; see Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Message confirmReset(@Valid @NotNull UserRequests.ResetConfirm request, @Context HttpServerRequest http) {
        reset.confirm(request.email(), request.otp(), request.newPassword(), ClientAddress.of(http));
        return new Message("Your password was changed. Log in with the new one.");
    }

}
