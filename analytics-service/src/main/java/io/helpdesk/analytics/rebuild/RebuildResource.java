package io.helpdesk.analytics.rebuild;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
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

import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.web.problem.ProblemException;

@Path("/v1/analytics/rebuild")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "Analytics", description = "Help-desk figures (AGENT, ADMIN); customers get 403")
@SecurityRequirement(name = "bearer")
public class RebuildResource {

    private static final String ID = "^[0-9a-f-]{36}$";

    private final Rebuild rebuild;

    public RebuildResource(Rebuild rebuild) {
        this.rebuild = rebuild;
    }

    @POST
    @Operation(operationId = "rebuildProjection", summary = "Start rebuilding the projection from the ticket-service (ADMIN)",
            description = "A background job: reads every ticket through the ticket-service's list, a page at a time by cursor,"
                    + " with the analytics-service's own SERVICE token (read-only), not the caller's; then recomputes the daily"
                    + " roll-ups from the facts. Its progress is at the Location. One rebuild runs at a time.")
    @APIResponse(responseCode = "202", description = "Started; the job as it stands",
            headers = @Header(name = "Location", description = "The job's progress: /v1/analytics/rebuild/{id}",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RebuildJob.class)))
    @APIResponse(responseCode = "409", description = "A rebuild is running; the problem's detail names its progress route")
    public Response start() {
        RebuildJob job = rebuild.start();
        return Response.accepted(job).location(URI.create("/v1/analytics/rebuild/" + job.id())).build();
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getRebuild", summary = "A rebuild's progress (ADMIN)")
    @APIResponse(responseCode = "200", description = "The job: its state, phase and counts",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RebuildJob.class)))
    @APIResponse(responseCode = "404", description = "No rebuild with this id")
    public RebuildJob get(@PathParam("id") @Pattern(regexp = ID) String id) {
        return rebuild.find(id).orElseThrow(() -> new ProblemException(404, "No rebuild with this id."));
    }
}
