package io.helpdesk.auth.admin;

import java.time.Instant;
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
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.helpdesk.auth.audit.AuditRepository;
import io.helpdesk.auth.user.AdminUserView;
import io.helpdesk.platform.web.ClientAddress;
import io.helpdesk.platform.web.http.PageLinks;
import io.helpdesk.platform.web.problem.Problem;
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
    private final AuditRepository auditEntries;
    private final CurrentCaller caller;

    public AdminUserResource(AdminUserService admin, AuditRepository auditEntries, CurrentCaller caller) {
        this.admin = admin;
        this.auditEntries = auditEntries;
        this.caller = caller;
    }

    public record RoleChange(@NotNull @Pattern(regexp = ROLE) String role) {
    }

    public record AuditEntryView(String id, Instant at, String type, String actorId, String userId, String email,
            String ip, String detail) {
    }

    @GET
    @Path("/users")
    @Operation(summary = "List accounts", description = "Search by email or name; deleted accounts only when asked for by status.")
    @APIResponse(responseCode = "200", description = "One page of the accounts",
            headers = @Header(name = PageLinks.HEADER, description = PageLinks.NUMBERED, schema = @Schema(type = SchemaType.STRING)))
    public AdminUserService.PageOf<AdminUserView> list(
            @QueryParam("q") @Size(max = 100) String q,
            @QueryParam("role") @Pattern(regexp = ROLE) String role,
            @QueryParam("status") @Pattern(regexp = STATUS) String status,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10000) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        AdminUserService.PageOf<io.helpdesk.auth.user.User> found = admin.list(q, role, status, page, size);
        return new AdminUserService.PageOf<>(found.items().stream().map(AdminUserView::of).toList(),
                found.page(), found.size(), found.total());
    }

    public record Announced(int announced) {
    }

    @POST
    @Path("/users/announce")
    @Operation(summary = "Announce every account again",
            description = "Publishes each account as it is now as a UserUpdated event, a page at a time: every service"
                    + " rebuilds its people directory from them. Answers once all are published, with their number.")
    @APIResponse(responseCode = "202", description = "Published; the directories catch up as they read them",
            content = @Content(schema = @Schema(implementation = Announced.class)))
    public Response announce(@Context HttpServerRequest http) {
        return Response.accepted(
                new Announced(admin.announceAll(caller.get().id(), ClientAddress.of(http)))).build();
    }

    @GET
    @Path("/users/{id}")
    @Operation(summary = "One account, with the fields only administrators see")
    @APIResponse(responseCode = "404", description = "No such user",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AdminUserView get(@PathParam("id") String id) {
        return AdminUserView.of(admin.get(id));
    }

    @PUT
    @Path("/users/{id}/role")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a role", description = "Ends the user's sessions; their tokens are refused everywhere.")
    public AdminUserView changeRole(@PathParam("id") String id, @Valid @NotNull RoleChange change,
            @Context HttpServerRequest http) {
        return AdminUserView.of(admin.changeRole(caller.get().id(), id, change.role(), ClientAddress.of(http)));
    }

    @POST
    @Path("/users/{id}/disable")
    @Operation(summary = "Disable an account", description = "Ends its sessions; it cannot log in until enabled.")
    public AdminUserView disable(@PathParam("id") String id, @Context HttpServerRequest http) {
        return AdminUserView.of(admin.disable(caller.get().id(), id, ClientAddress.of(http)));
    }

    @POST
    @Path("/users/{id}/enable")
    @Operation(summary = "Enable a disabled account")
    public AdminUserView enable(@PathParam("id") String id, @Context HttpServerRequest http) {
        return AdminUserView.of(admin.enable(caller.get().id(), id, ClientAddress.of(http)));
    }

    @DELETE
    @Path("/users/{id}")
    @Operation(summary = "Delete an account (soft)", description = "Kept for the record; it cannot log in and its email stays taken.")
    @APIResponse(responseCode = "204", description = "Deleted")
    public void delete(@PathParam("id") String id, @Context HttpServerRequest http) {
        admin.delete(caller.get().id(), id, ClientAddress.of(http));
    }

    @GET
    @Path("/audit")
    @Operation(summary = "The audit log", description = "Newest first; filter by type and user.")
    @APIResponse(responseCode = "200", description = "One page of the audit log",
            headers = @Header(name = PageLinks.HEADER, description = PageLinks.UNCOUNTED, schema = @Schema(type = SchemaType.STRING)))
    public RestResponse<List<AuditEntryView>> audit(
            @QueryParam("type") @Pattern(regexp = "^[A-Z_]{1,40}$") String type,
            @QueryParam("userId") @Size(max = 64) String userId,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size,
            @Context UriInfo uri) {
        List<AuditEntryView> entries = auditEntries.newestFirst(type, userId, page, size).stream()
                .map(e -> new AuditEntryView(e.id, e.at, e.type.name(), e.actorId, e.userId, e.email, e.ip, e.detail))
                .toList();
        return RestResponse.ResponseBuilder.ok(entries)
                .header(PageLinks.HEADER, PageLinks.of(uri.getRequestUri()).numbered(page, size, entries.size() == size)).build();
    }
}
