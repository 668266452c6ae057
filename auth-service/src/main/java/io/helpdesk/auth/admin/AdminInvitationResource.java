package io.helpdesk.auth.admin;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.helpdesk.auth.invitation.InvitationRequests;
import io.helpdesk.auth.invitation.Invitations;
import io.helpdesk.auth.user.AdminUserView;
import io.helpdesk.auth.user.User;
import io.helpdesk.platform.security.CurrentCaller;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.web.ClientAddress;
import io.vertx.core.http.HttpServerRequest;

/** Creating accounts by invitation, and inviting again. */
@Path("/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@SecurityRequirement(name = "bearer")
@Tag(name = "Administration", description = "Accounts and the audit log (ADMIN only)")
public class AdminInvitationResource {

    private final Invitations invitations;
    private final AdminUserService admin;
    private final CurrentCaller caller;

    public AdminInvitationResource(Invitations invitations, AdminUserService admin, CurrentCaller caller) {
        this.invitations = invitations;
        this.admin = admin;
        this.caller = caller;
    }

    @POST
    @Path("/users")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "inviteUser", summary = "Create an account by invitation",
            description = "The account is INVITED and cannot log in; the user is mailed a single-use, expiring link to"
                    + " set a password (POST /v1/user/invitation).")
    @APIResponse(responseCode = "201", description = "Created",
            headers = @Header(name = "Location", description = "The account's address, /v1/admin/users/{id}",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AdminUserView.class)))
    @APIResponse(responseCode = "409", description = "The email is taken")
    public Response create(@Valid @NotNull InvitationRequests.Create request, @Context HttpServerRequest http) {
        User user = invitations.create(caller.get().id(), request, ClientAddress.of(http));
        return Response.created(URI.create("/v1/admin/users/" + user.id)).entity(AdminUserView.of(user)).build();
    }

    @POST
    @Path("/users/{id}/invitation")
    @Operation(operationId = "reinviteUser",
            summary = "Invite again", description = "Mails a new invitation to an INVITED account; the previous"
            + " one stops working.")
    @APIResponse(responseCode = "200", description = "Invited again",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AdminUserView.class)))
    @APIResponse(responseCode = "404", description = "No such user")
    @APIResponse(responseCode = "409", description = "The account is not waiting for an invitation, or it changed meanwhile")
    public AdminUserView reissue(@PathParam("id") String id, @Context HttpServerRequest http) {
        return AdminUserView.of(invitations.reissue(caller.get().id(), admin.get(id), ClientAddress.of(http)));
    }
}
