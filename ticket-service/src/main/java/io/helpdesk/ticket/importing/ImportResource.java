package io.helpdesk.ticket.importing;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.helpdesk.platform.web.problem.Problem;
import io.helpdesk.platform.security.CurrentCaller;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.ticket.upload.UploadTypes;
import io.quarkus.runtime.annotations.RegisterForReflection;

@Path("/v1/ticket/import")
@RolesAllowed({ Roles.AGENT, Roles.ADMIN })
@SecurityRequirement(name = "bearer")
@Tag(name = "Import", description = "CSV bulk import of tickets (AGENT, ADMIN)")
public class ImportResource {

    private final ImportService imports;
    private final CurrentCaller current;

    public ImportResource(ImportService imports, CurrentCaller current) {
        this.imports = imports;
        this.current = current;
    }

    @RegisterForReflection
    public record Accepted(String jobId, String status, String statusUrl) {
    }

    /**
     * @param status QUEUED, RUNNING, DONE or FAILED
     * @param failure why the job is FAILED (or why its last attempt failed while it waits for another)
     * @param attempts times a worker took the job; at {@code helpdesk.jobs.max-attempts} it is FAILED
     */
    public record JobView(String jobId, String status, String filename, Instant createdAt, Instant startedAt,
            Instant finishedAt, long processed, long succeeded, long failed, String failure, int attempts,
            List<ImportJob.RowError> errors, String reportUrl) {
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import tickets from CSV",
            description = "Form field 'file'. Columns: subject, description, customer_id (required), priority, category,"
                    + " tags (separated by ';'). Answers 202 at once; the PDF report is mailed when the job is done. With the"
                    + " file storage down: 503 with Retry-After, no job is queued, and the same upload can be sent again.")
    @APIResponse(responseCode = "202", description = "Queued",
            content = @Content(schema = @Schema(implementation = Accepted.class)))
    @APIResponse(responseCode = "400", description = "No multipart field 'file', or an empty file",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "Over the size limit (TICKETS_IMPORTING_MAX_SIZE)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "Not sent as CSV, or its bytes are not UTF-8 text (binary, a NUL byte,"
            + " an invalid sequence)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The file storage cannot be reached; retry after Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response submit(@RestForm("file") FileUpload file) {
        if (file == null) {
            throw UploadTypes.refused(400, "Send the CSV in the multipart field 'file'.", "is required");
        }
        ImportJob job = imports.submit(current.get(), file.fileName(), file.contentType(), file.uploadedFile());
        String url = "/v1/ticket/import/" + job.id;
        return Response.accepted(new Accepted(job.id, job.status.name(), url)).location(URI.create(url)).build();
    }

    @GET
    @Path("/{jobId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Progress and row errors of an import", description = "For whoever started it, and admins."
            + " status is QUEUED, RUNNING, DONE or FAILED; a FAILED job says why in 'failure': the file is not usable"
            + " CSV, or the job failed on every one of its attempts (JOBS_MAX_ATTEMPTS, default 3).")
    public JobView status(@PathParam("jobId") String jobId) {
        ImportJob job = imports.visible(current.get(), jobId);
        return new JobView(job.id, job.status.name(), job.filename, job.createdAt, job.startedAt, job.finishedAt,
                job.processed, job.succeeded, job.failed, job.failure, job.attempts, job.errors.stream().limit(100).toList(),
                job.reportKey == null ? null : "/v1/ticket/import/" + job.id + "/report");
    }

    @GET
    @Path("/{jobId}/report")
    @Produces("application/pdf")
    @Operation(summary = "The PDF report of a finished import")
    @APIResponse(responseCode = "200", description = "The report", content = @Content(mediaType = "application/pdf"))
    @APIResponse(responseCode = "404", description = "No such job for the caller, or no report (yet)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The file storage cannot be reached; retry after Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response report(@PathParam("jobId") String jobId) {
        ImportJob job = imports.visible(current.get(), jobId);
        return Response.ok(imports.report(job), "application/pdf")
                .header("Content-Disposition", "attachment; filename=\"import-report-" + job.id + ".pdf\"").build();
    }
}
