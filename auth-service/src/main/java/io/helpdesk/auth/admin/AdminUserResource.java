package io.helpdesk.auth.admin;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.helpdesk.auth.user.AdminUserView;
import io.helpdesk.platform.web.ClientAddress;
import io.helpdesk.platform.web.http.PageLinks;
import io.helpdesk.platform.web.paging.CursorPaged;
import io.helpdesk.platform.web.paging.Keyset;
import io.helpdesk.platform.web.paging.RetiredParameter;
import io.helpdesk.platform.security.CurrentCaller;
import io.helpdesk.platform.security.Roles;
import io.vertx.core.http.HttpServerRequest;

@Path("/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@SecurityRequirement(name = "bearer")
@Tag(name = "Administration", description = "Accounts and the audit log (ADMIN only)")
public class AdminUserResource {

    static final String ROLE = "^(CUSTOMER|AGENT|ADMIN)$";
    static final String STATUS = "^(ACTIVE|INVITED|DISABLED|DELETED)$";

    private final AdminUserService admin;
    private final CurrentCaller caller;

    public AdminUserResource(AdminUserService admin, CurrentCaller caller) {
        this.admin = admin;
        this.caller = caller;
    }

    public record RoleChange(@NotNull @Pattern(regexp = ROLE) String role) {
    }

    @GET
    @Path("/users")
    @Operation(operationId = "listUsers", summary = "List accounts",
            description = "By email address, A to Z, a page at a time by cursor. q: the start of the email address, in"
                    + " any letter case (addresses are stored in lower case, so the email index serves it; a search"
                    + " inside addresses or names could use no index). Deleted accounts only when asked for by status.")
    @APIResponse(responseCode = "200", description = "A page of accounts",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserPage.class)),
            headers = @Header(name = PageLinks.HEADER, description = CursorPaged.LINKS, schema = @Schema(type = SchemaType.STRING)))
    public UserPage list(
            @Parameter(description = "The start of the email address") @QueryParam("q") @Size(max = 100) String q,
            @QueryParam("role") @Pattern(regexp = ROLE) String role,
            @QueryParam("status") @Pattern(regexp = STATUS) String status,
            @Parameter(description = Keyset.CURSOR) @QueryParam("cursor") @Pattern(regexp = Keyset.CURSOR_PATTERN) String cursor,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size,
            @QueryParam("total") @Parameter(description = Keyset.TOTAL, schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
            @Pattern(regexp = Keyset.TOTAL_PATTERN) String total,
            @Parameter(hidden = true) @QueryParam("page") String page) {
        RetiredParameter.refuse("page", page, "replaced by cursor");
        AdminUserService.Listed listed = admin.list(q, role, status, cursor, size, Keyset.total(total));
        return new UserPage(listed.page().items().stream().map(AdminUserView::of).toList(), listed.page().next(),
                listed.total());
    }

    @Schema(name = "AdminUserPage", requiredProperties = { "items", "next", "total" })
    public record UserPage(List<AdminUserView> items,
            @Schema(nullable = true, description = CursorPaged.NEXT) String next,
            @Schema(nullable = true, description = "How many accounts match, with total=true; null otherwise") Long total)
            implements CursorPaged {
    }

    @Schema(requiredProperties = "announced")
    public record Announced(int announced) {
    }

    @POST
    @Path("/users/announce")
    @Operation(operationId = "announceUsers", summary = "Announce every account again",
            description = "Publishes each account as it is now as a UserUpdated event, a page at a time: every service"
                    + " rebuilds its people directory from them. Answers once all are published, with their number.")
    @APIResponse(responseCode = "202", description = "Published; the directories catch up as they read them",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Announced.class)))
    public Response announce(@Context HttpServerRequest http) {
        return Response.accepted(
                new Announced(admin.announceAll(caller.get().id(), ClientAddress.of(http)))).build();
    }

    @GET
    @Path("/users/{id}")
    @Operation(operationId = "getUser", summary = "One account, with the fields only administrators see")
    @APIResponse(responseCode = "200", description = "The account", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AdminUserView.class)))
    @APIResponse(responseCode = "404", description = "No such user")
    public AdminUserView get(@PathParam("id") String id) {
        return AdminUserView.of(admin.get(id));
    }

    @PUT
    @Path("/users/{id}/role")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "changeUserRole",
            summary = "Change a role", description = "Ends the user's sessions; their tokens are refused everywhere.")
    @APIResponse(responseCode = "200", description = "The account with its new role",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AdminUserView.class)))
    @APIResponse(responseCode = "404", description = "No such user")
    @APIResponse(responseCode = "409", description = "The caller's own account; AGENT or ADMIN for an account whose"
            + " address is unverified; or the account changed meanwhile")
    public AdminUserView changeRole(@PathParam("id") String id, @Valid @NotNull RoleChange change,
            @Context HttpServerRequest http) {
        return AdminUserView.of(admin.changeRole(caller.get().id(), id, change.role(), ClientAddress.of(http)));
    }

    @POST
    @Path("/users/{id}/disable")
    @Operation(operationId = "disableUser",
            summary = "Disable an account", description = "Ends its sessions; it cannot log in until enabled.")
    @APIResponse(responseCode = "200", description = "The account, DISABLED",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AdminUserView.class)))
    @APIResponse(responseCode = "404", description = "No such user")
    @APIResponse(responseCode = "409", description = "The caller's own account, a deleted one, or the account changed"
            + " meanwhile")
    public AdminUserView disable(@PathParam("id") String id, @Context HttpServerRequest http) {
        return AdminUserView.of(admin.disable(caller.get().id(), id, ClientAddress.of(http)));
    }

    @POST
    @Path("/users/{id}/enable")
    @Operation(operationId = "enableUser",
            summary = "Enable a disabled account", description = "An account that never set a password becomes"
            + " INVITED again.")
    @APIResponse(responseCode = "200", description = "The account, ACTIVE (or INVITED)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AdminUserView.class)))
    @APIResponse(responseCode = "404", description = "No such user")
    @APIResponse(responseCode = "409", description = "A deleted account, or the account changed meanwhile")
    public AdminUserView enable(@PathParam("id") String id, @Context HttpServerRequest http) {
        return AdminUserView.of(admin.enable(caller.get().id(), id, ClientAddress.of(http)));
    }

    @DELETE
    @Path("/users/{id}")
    @Operation(operationId = "deleteUser",
            summary = "Delete an account (soft)", description = "Kept for the record; it cannot log in and its email stays taken.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such user")
    @APIResponse(responseCode = "409", description = "The caller's own account, or the account changed meanwhile")
    public void delete(@PathParam("id") String id, @Context HttpServerRequest http) {
        admin.delete(caller.get().id(), id, ClientAddress.of(http));
    }
}
