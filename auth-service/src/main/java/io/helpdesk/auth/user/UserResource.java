package io.helpdesk.auth.user;

import java.net.URI;
import java.util.List;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.helpdesk.auth.password.PasswordHasher;
import io.helpdesk.platform.web.ClientAddress;
import io.helpdesk.platform.web.problem.Problem;
import io.helpdesk.platform.web.problem.ProblemException;
import io.helpdesk.platform.security.CurrentCaller;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;

/**
 * The account itself: sign-up, the caller's profile and password. Login and sessions are served by
 * {@code session.SessionResource}, password reset by {@code reset.PasswordResetResource}, under the same path.
 */
@Path("/v1/user")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "User", description = "Sign-up, login, profile, sessions and password reset")
public class UserResource {

    private final UserService users;
    private final CurrentCaller caller;
    private final AvatarService avatars;
    private final Validator validator;

    public UserResource(UserService users, CurrentCaller caller, AvatarService avatars, Validator validator) {
        this.users = users;
        this.caller = caller;
        this.avatars = avatars;
        this.validator = validator;
    }

    @POST
    @Operation(operationId = "register",
            summary = "Register", description = "Creates a CUSTOMER account; a role in the body is ignored. The same"
            + " fields may come as multipart/form-data instead, with an optional picture in the part 'avatar'.")
    @APIResponse(responseCode = "201", description = "Created",
            headers = @Header(name = "Location", description = "The profile's address, /v1/user",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "409", description = "The email is taken")
    @APIResponse(responseCode = "503", description = PasswordHasher.BUSY)
    public Response register(@Valid @NotNull UserRequests.Register request, @Context HttpServerRequest http) {
        User user = users.register(request, ClientAddress.of(http));
        return Response.created(URI.create("/v1/user")).entity(UserView.of(user)).build();
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    // OpenAPI shows this and the JSON sign-up as one operation with two request bodies.
    @Operation(operationId = "register",
            summary = "Register", description = "The JSON sign-up as multipart/form-data, with an optional picture in"
            + " the part 'avatar'. The fields are checked as in JSON first, then the picture; nothing is stored when either"
            + " is refused.")
    @RequestBody(content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
            schema = @Schema(implementation = AvatarForms.SignUp.class)))
    @APIResponse(responseCode = "201", description = "Created; avatarUrl is set when a picture was given",
            headers = @Header(name = "Location", description = "The profile's address, /v1/user",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "409", description = "The email is taken")
    @APIResponse(responseCode = "413", description = "The picture is over the size or pixel limit")
    @APIResponse(responseCode = "415", description = "The picture is not a PNG, JPEG or WebP image")
    public Response registerWithAvatar(AvatarForms.SignUp form, @Context HttpServerRequest http) {
        List<Problem.FieldError> notPlain = form.notPlain();
        if (!notPlain.isEmpty()) {
            throw new ProblemException(400, Problem.BLANK, null, "The request has " + notPlain.size() + " invalid field"
                    + (notPlain.size() == 1 ? "." : "s."), notPlain, null);
        }
        UserRequests.Register request = form.request();
        Set<ConstraintViolation<UserRequests.Register>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        String ip = ClientAddress.of(http);
        User user = form.avatar == null ? users.register(request, ip)
                : avatars.register(request, ip, form.avatar.uploadedFile());
        return Response.created(URI.create("/v1/user")).entity(UserView.of(user)).build();
    }

    @GET
    @Authenticated
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "getProfile", summary = "The caller's profile")
    @APIResponse(responseCode = "200", description = "The profile",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserView.class)))
    public UserView me() {
        return UserView.of(users.current(caller.get().id()));
    }

    @PATCH
    @Authenticated
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "updateProfile",
            summary = "Edit the caller's profile", description = "Only the fields present change.")
    @APIResponse(responseCode = "200", description = "The profile as it is now",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "409", description = "The account changed meanwhile; read it again")
    public UserView update(@Valid @NotNull UserRequests.UpdateProfile request) {
        return UserView.of(users.updateProfile(caller.get().id(), request));
    }

    @POST
    @Path("/change-password")
    @Authenticated
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "changePassword",
            summary = "Change the password", description = "Needs the current password; every other session ends.")
    @APIResponse(responseCode = "204", description = "Changed")
    @APIResponse(responseCode = "400", description = "Invalid input, a wrong current password, or a new password the"
            + " policy refuses")
    @APIResponse(responseCode = "429", description = "Too many wrong passwords: the account is locked; see Retry-After")
    @APIResponse(responseCode = "503", description = PasswordHasher.BUSY)
    public void changePassword(@Valid @NotNull UserRequests.ChangePassword request, @Context HttpServerRequest http) {
        users.changePassword(caller.get().id(), caller.get().sessionId(), request, ClientAddress.of(http));
    }
}
