package io.helpdesk.auth.reset;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.helpdesk.auth.password.PasswordHasher;
import io.helpdesk.auth.user.Message;
import io.helpdesk.platform.web.ClientAddress;
import io.vertx.core.http.HttpServerRequest;

/** Forgot password: ask for a code by mail, then set a new password with it. */
@Path("/v1/user")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "User", description = "Sign-up, login, profile, sessions and password reset")
public class PasswordResetResource {

    private final PasswordResetService reset;

    public PasswordResetResource(PasswordResetService reset) {
        this.reset = reset;
    }

    @POST
    @Path("/reset-password")
    @Operation(operationId = "requestPasswordReset", summary = "Ask for a password-reset code",
            description = "Mails a 6-digit code if the account exists; the answer is the same either way.")
    @APIResponse(responseCode = "202", description = "Accepted",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Message.class)))
    public Response requestReset(@Valid @NotNull ResetRequest request, @Context HttpServerRequest http) {
        reset.request(request.email(), ClientAddress.of(http));
        return Response.accepted(new Message(
                "If an account exists for this email, a code to reset its password is on its way.")).build();
    }

    @PATCH
    @Path("/reset-password")
    @Operation(operationId = "resetPassword", summary = "Reset the password with the mailed code",
            description = "Every session of the account ends and every service refuses its old tokens.")
    @APIResponse(responseCode = "200", description = "Password replaced",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Message.class)))
    @APIResponse(responseCode = "400", description = "Invalid input, or a wrong or expired code, an unknown or inactive"
            + " account")
    @APIResponse(responseCode = "429", description = "Too many confirmations from this address; see Retry-After")
    @APIResponse(responseCode = "503", description = PasswordHasher.BUSY)
    public Message confirmReset(@Valid @NotNull ResetConfirm request, @Context HttpServerRequest http) {
        reset.confirm(request.email(), request.otp(), request.newPassword(), ClientAddress.of(http));
        return new Message("Your password was changed. Log in with the new one.");
    }
}
