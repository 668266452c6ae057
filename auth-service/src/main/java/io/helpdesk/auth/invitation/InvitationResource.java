package io.helpdesk.auth.invitation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.helpdesk.auth.user.UserView;
import io.helpdesk.platform.web.ClientAddress;
import io.helpdesk.platform.web.problem.Problem;
import io.vertx.core.http.HttpServerRequest;

/** Accepting an invitation: the invited user sets a password, then logs in as everyone does. */
@Path("/v1/user/invitation")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "User", description = "Sign-up, login, profile, sessions and password reset")
public class InvitationResource {

    private final Invitations invitations;

    public InvitationResource(Invitations invitations) {
        this.invitations = invitations;
    }

    @POST
    @Operation(summary = "Accept an invitation", description = "Sets the password of an account an administrator"
            + " created; the account becomes ACTIVE with a verified address and the token stops working.")
    @APIResponse(responseCode = "200", description = "The account, ready to log in",
            content = @Content(schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "400", description = "Invalid input, a password the policy refuses, or a token that"
            + " is unknown, used, replaced or expired",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public UserView accept(@Valid @NotNull InvitationRequests.Accept request, @Context HttpServerRequest http) {
        return UserView.of(invitations.accept(request.token(), request.password(), ClientAddress.of(http)));
    }
}
