package io.helpdesk.ticket.attachment;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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

import io.helpdesk.platform.storage.ObjectStore;
import io.helpdesk.platform.web.problem.ProblemException;
import io.helpdesk.platform.security.Caller;
import io.helpdesk.platform.security.CurrentCaller;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.ticket.access.TicketAccess;
import io.helpdesk.ticket.attachment.AttachmentRepository.StoredAttachment;
import io.helpdesk.ticket.upload.UploadTypes;

@Path("/v1/ticket/{id}/attachments")
@RolesAllowed({ Roles.CUSTOMER, Roles.AGENT, Roles.ADMIN })
@SecurityRequirement(name = "bearer")
@Tag(name = "Attachments", description = "Files on a ticket, with the ticket's visibility")
public class AttachmentResource {

    static final String NOT_FOUND = "No such ticket, or not one the caller may see";
    static final String NOT_FOUND_ATTACHMENT = "No such ticket for the caller, or no such attachment on it";

    private final TicketAccess access;
    private final AttachmentStore store;
    private final CurrentCaller current;

    public AttachmentResource(TicketAccess access, AttachmentStore store, CurrentCaller current) {
        this.access = access;
        this.store = store;
        this.current = current;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "uploadAttachment", summary = "Attach a file", description = "Form field 'file'. Its type is told from its bytes, and it is"
            + " stored and served as that type. Empty: 400; too large: 413; content of a type outside the allow-list, or"
            + " not the type it is sent as (a PNG sent as a PDF): 415; each naming the field 'file'. The file storage"
            + " down: 503 with Retry-After, and nothing is kept, so the same upload can be sent again.")
    @APIResponse(responseCode = "201", description = "Stored",
            headers = @Header(name = "Location", description = "The attachment's URI", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = AttachmentStore.Attachment.class)))
    @APIResponse(responseCode = "400", description = "No multipart field 'file', or an empty file")
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    @APIResponse(responseCode = "413", description = "Over the size limit")
    @APIResponse(responseCode = "415", description = "Content of a type outside the allow-list, or not the type it is sent as")
    @APIResponse(responseCode = "503", description = "The file storage cannot be reached; retry after Retry-After")
    public Response upload(@PathParam("id") String id, @RestForm("file") FileUpload file) throws IOException {
        Caller caller = current.get();
        access.requireVisible(caller, id);
        if (file == null) {
            throw UploadTypes.refused(400, "Send the file in the multipart field 'file'.", "is required");
        }
        AttachmentStore.Attachment stored = store.store(id, file.fileName(), file.contentType(),
                file.uploadedFile(), caller.id());
        return Response.created(URI.create("/v1/ticket/" + id + "/attachments/" + stored.id())).entity(stored).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listAttachments", summary = "The ticket's attachments", description = "Oldest first; the service's own records, so it"
            + " answers while the file storage is down.")
    @APIResponse(responseCode = "200", description = "The attachments",
            content = @Content(schema = @Schema(implementation = AttachmentStore.Attachment.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    public List<AttachmentStore.Attachment> list(@PathParam("id") String id) {
        access.requireVisible(current.get(), id);
        return store.list(id);
    }

    @GET
    @Path("/{attachmentId}")
    @Produces(MediaType.WILDCARD)
    @Operation(operationId = "downloadAttachment", summary = "Download an attachment",
            description = "Streamed, with its content type and file name.")
    @APIResponse(responseCode = "200", description = "The file, as the type told from its bytes when it was stored",
            headers = @Header(name = "Content-Disposition", description = "attachment, with the file name",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.WILDCARD, schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "404", description = NOT_FOUND_ATTACHMENT)
    @APIResponse(responseCode = "503", description = "The file storage cannot be reached; retry after Retry-After")
    public Response download(@PathParam("id") String id, @PathParam("attachmentId") String attachmentId) {
        StoredAttachment attachment = find(id, attachmentId);
        ObjectStore.StoredObject content = store.open(attachment);
        return Response.ok(content.content(), attachment.contentType)
                .header("Content-Disposition", "attachment; filename=\"" + attachment.filename + "\"")
                .header("Content-Length", attachment.size)
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }

    @DELETE
    @Path("/{attachmentId}")
    @Operation(operationId = "deleteAttachment", summary = "Delete an attachment", description = "By whoever uploaded it, or an agent or admin. With the"
            + " file storage down: 503, and the attachment stays until the delete is repeated.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "403", description = "Neither its uploader nor staff")
    @APIResponse(responseCode = "404", description = NOT_FOUND_ATTACHMENT)
    @APIResponse(responseCode = "503", description = "The file storage cannot be reached; retry after Retry-After")
    public void delete(@PathParam("id") String id, @PathParam("attachmentId") String attachmentId) {
        Caller caller = current.get();
        StoredAttachment attachment = find(id, attachmentId);
        if (!caller.staff() && !caller.id().equals(attachment.uploadedBy)) {
            throw new ProblemException(403, "Only who uploaded a file, or an agent or admin, deletes it.");
        }
        store.delete(attachment);
    }

    private StoredAttachment find(String id, String attachmentId) {
        access.requireVisible(current.get(), id);
        return store.find(id, attachmentId).orElseThrow(() -> new ProblemException(404, "No such attachment."));
    }
}
