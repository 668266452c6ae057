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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

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
    public record JobView(String jobId, String status,
            @Schema(nullable = true, description = "The uploaded file's name; null on a job stored without one") String filename,
            Instant createdAt,
            @Schema(nullable = true, implementation = String.class, format = "date-time", description = "Null while QUEUED")
            Instant startedAt,
            @Schema(nullable = true, implementation = String.class, format = "date-time", description = "Null until DONE or FAILED")
            Instant finishedAt,
            long processed, long succeeded, long failed,
            @Schema(nullable = true, description = "Why the job is FAILED, or why its last attempt failed while it waits"
                    + " for another; null otherwise") String failure,
            int attempts,
            @Schema(description = "The first 100 rows that were not imported") List<ImportJob.RowError> errors,
            @Schema(nullable = true, description = "The PDF report; null until it is written") String reportUrl) {
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "importTickets", summary = "Import tickets from CSV",
            description = "Form field 'file'. Columns: subject, description, customer_id (required), priority, category,"
                    + " tags (separated by ';'). Answers 202 at once; the PDF report is mailed when the job is done. With the"
                    + " file storage down: 503 with Retry-After, no job is queued, and the same upload can be sent again.")
    @APIResponse(responseCode = "202", description = "Queued",
            headers = @Header(name = "Location", description = "The job's URI (statusUrl)", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = Accepted.class)))
    @APIResponse(responseCode = "400", description = "No multipart field 'file', or an empty file")
    @APIResponse(responseCode = "413", description = "Over the size limit (TICKETS_IMPORTING_MAX_SIZE)")
    @APIResponse(responseCode = "415", description = "Not sent as CSV, or its bytes are not UTF-8 text (binary, a NUL byte,"
            + " an invalid sequence)")
    @APIResponse(responseCode = "503", description = "The file storage cannot be reached; retry after Retry-After")
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
    @Operation(operationId = "getImportJob", summary = "Progress and row errors of an import", description = "For whoever started it, and admins."
            + " status is QUEUED, RUNNING, DONE or FAILED; a FAILED job says why in 'failure': the file is not usable"
            + " CSV, or the job failed on every one of its attempts (JOBS_MAX_ATTEMPTS, default 3).")
    @APIResponse(responseCode = "200", description = "The job",
            content = @Content(schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "404", description = "No such job for the caller")
    public JobView status(@PathParam("jobId") String jobId) {
        ImportJob job = imports.visible(current.get(), jobId);
        return new JobView(job.id, job.status.name(), job.filename, job.createdAt, job.startedAt, job.finishedAt,
                job.processed, job.succeeded, job.failed, job.failure, job.attempts, job.errors.stream().limit(100).toList(),
                job.reportKey == null ? null : "/v1/ticket/import/" + job.id + "/report");
    }

    @GET
    @Path("/{jobId}/report")
    @Produces("application/pdf")
    @Operation(operationId = "getImportReport", summary = "The PDF report of a finished import")
    @APIResponse(responseCode = "200", description = "The report",
            headers = @Header(name = "Content-Disposition", description = "attachment, with the file name",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = "application/pdf", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "404", description = "No such job for the caller, or no report (yet)")
    @APIResponse(responseCode = "503", description = "The file storage cannot be reached; retry after Retry-After")
    public Response report(@PathParam("jobId") String jobId) {
        ImportJob job = imports.visible(current.get(), jobId);
        return Response.ok(imports.report(job), "application/pdf")
                .header("Content-Disposition", "attachment; filename=\"import-report-" + job.id + ".pdf\"").build();
    }
}
