package io.helpdesk.auth.user;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
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

import io.helpdesk.platform.web.ClientAddress;
import io.vertx.core.http.HttpServerRequest;

/** Proving a self sign-up's address with the mailed code, and asking for a new code. */
@Path("/v1/user/verify-email")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "User", description = "Sign-up, login, profile, sessions and password reset")
public class EmailVerificationResource {

    private final EmailVerification verification;

    public EmailVerificationResource(EmailVerification verification) {
        this.verification = verification;
    }

    @POST
    @Operation(operationId = "verifyEmail", summary = "Verify the address with the mailed code",
            description = "The account can log in afterwards. A wrong or expired code, an unknown or already verified"
                    + " account: the same 400. Limited per client address (429 with Retry-After).")
    @APIResponse(responseCode = "200", description = "Verified",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Message.class)))
    @APIResponse(responseCode = "400", description = "Invalid input, or a wrong or expired code, an unknown or already"
            + " verified account")
    @APIResponse(responseCode = "429", description = "Too many attempts from this client address; see Retry-After")
    public Message verify(@Valid @NotNull UserRequests.VerifyEmail request, @Context HttpServerRequest http) {
        verification.verify(request.email(), request.code(), ClientAddress.of(http));
        return new Message("Your email address is verified. Log in.");
    }

    @POST
    @Path("/resend")
    @Operation(operationId = "resendVerificationCode", summary = "Ask for a new verification code",
            description = "Mails a new code if the address belongs to an unverified account; the answer is the same"
                    + " either way. Limited per address and per client address (429 with Retry-After).")
    @APIResponse(responseCode = "202", description = "Accepted",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Message.class)))
    @APIResponse(responseCode = "429", description = "The address or the client is over its limit; see Retry-After")
    public Response resend(@Valid @NotNull UserRequests.ResendVerification request, @Context HttpServerRequest http) {
        verification.resend(request.email(), ClientAddress.of(http));
        return Response.accepted(new Message(
                "If an unverified account exists for this email, a new code is on its way.")).build();
    }
}
