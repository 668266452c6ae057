package io.helpdesk.auth.admin;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.helpdesk.auth.audit.AuditEntry;
import io.helpdesk.auth.audit.AuditRepository;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.web.http.PageLinks;
import io.helpdesk.platform.web.paging.CursorPaged;
import io.helpdesk.platform.web.paging.Keyset;
import io.helpdesk.platform.web.paging.RetiredParameter;

/** The audit log, newest first, a page at a time by cursor. */
@Path("/v1/admin/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@SecurityRequirement(name = "bearer")
@Tag(name = "Administration", description = "Accounts and the audit log (ADMIN only)")
public class AdminAuditResource {

    private final AuditRepository entries;

    public AdminAuditResource(AuditRepository entries) {
        this.entries = entries;
    }

    @Schema(name = "AuditEntry", description = "One recorded event of an account",
            requiredProperties = { "id", "at", "type", "actorId", "userId", "email", "ip", "detail" })
    public record AuditEntryView(String id, Instant at, String type,
            @Schema(nullable = true, description = "Who did it; null when no one was signed in") String actorId,
            @Schema(nullable = true, description = "The account it concerns, when one is known") String userId,
            @Schema(nullable = true) String email,
            @Schema(nullable = true) String ip,
            @Schema(nullable = true) String detail) {

        static AuditEntryView of(AuditEntry e) {
            return new AuditEntryView(e.id, e.at, e.type.name(), e.actorId, e.userId, e.email, e.ip, e.detail);
        }
    }

    @Schema(name = "AuditPage", requiredProperties = { "items", "next", "total" })
    public record AuditPage(List<AuditEntryView> items, @Schema(nullable = true, description = CursorPaged.NEXT) String next,
            @Schema(nullable = true, description = "Always null: the log only grows, so it is not counted") Long total)
            implements CursorPaged {
    }

    @GET
    @Operation(operationId = "listAuditEntries", summary = "The audit log",
            description = "Newest first, a page at a time by cursor; filter by type and user. Uncounted: the log only grows.")
    @APIResponse(responseCode = "200", description = "A page of entries, possibly none",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AuditPage.class)),
            headers = @Header(name = PageLinks.HEADER, description = CursorPaged.LINKS, schema = @Schema(type = SchemaType.STRING)))
    public AuditPage audit(
            @QueryParam("type") @Pattern(regexp = "^[A-Z_]{1,40}$") String type,
            @QueryParam("userId") @Size(max = 64) String userId,
            @Parameter(description = Keyset.CURSOR) @QueryParam("cursor") @Pattern(regexp = Keyset.CURSOR_PATTERN) String cursor,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size,
            @Parameter(hidden = true) @QueryParam("page") String page) {
        RetiredParameter.refuse("page", page, "replaced by cursor");
        Keyset.Slice<AuditEntry> slice = entries.newestFirst(type, userId, cursor, size);
        return new AuditPage(slice.items().stream().map(AuditEntryView::of).toList(), slice.next(), null);
    }
}
