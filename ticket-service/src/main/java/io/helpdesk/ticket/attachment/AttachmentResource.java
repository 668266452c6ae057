package io.helpdesk.ticket.attachment;

import java.io.IOException;
import java.io.InputStream;
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
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import com.mongodb.client.gridfs.model.GridFSFile;

import io.helpdesk.platform.web.problem.ProblemException;
import io.helpdesk.platform.security.Caller;
import io.helpdesk.platform.security.CurrentCaller;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.ticket.access.TicketAccess;

@Path("/v1/ticket/{id}/attachments")
@RolesAllowed({ Roles.CUSTOMER, Roles.AGENT, Roles.ADMIN })
@SecurityRequirement(name = "bearer")
@Tag(name = "Attachments", description = "Files on a ticket, with the ticket's visibility")
public class AttachmentResource {

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
    @Operation(summary = "Attach a file", description = "Form field 'file'. Too large: 413; type not allowed: 415.")
    public Response upload(@PathParam("id") String id, @RestForm("file") FileUpload file) throws IOException {
        Caller caller = current.get();
        access.requireVisible(caller, id);
        if (file == null) {
            throw new ProblemException(400, "Send the file in the multipart field 'file'.");
        }
        AttachmentStore.Attachment stored = store.store(id, file.fileName(), file.contentType(),
                file.uploadedFile(), caller.id());
        return Response.created(URI.create("/v1/ticket/" + id + "/attachments/" + stored.id())).entity(stored).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The ticket's attachments")
    public List<AttachmentStore.Attachment> list(@PathParam("id") String id) {
        access.requireVisible(current.get(), id);
        return store.list(id);
    }

    @GET
    @Path("/{attachmentId}")
    @Produces(MediaType.WILDCARD)
    @Operation(summary = "Download an attachment", description = "Streamed, with its content type and file name.")
    public Response download(@PathParam("id") String id, @PathParam("attachmentId") String attachmentId) {
        GridFSFile file = find(id, attachmentId);
        InputStream content = store.open(file);
        AttachmentStore.Attachment attachment = AttachmentStore.of(file);
        return Response.ok(content, attachment.contentType())
                .header("Content-Disposition", "attachment; filename=\"" + attachment.filename() + "\"")
                .header("Content-Length", attachment.size())
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }

    @DELETE
    @Path("/{attachmentId}")
    @Operation(summary = "Delete an attachment", description = "By whoever uploaded it, or an agent or admin.")
    public void delete(@PathParam("id") String id, @PathParam("attachmentId") String attachmentId) {
        Caller caller = current.get();
        GridFSFile file = find(id, attachmentId);
        if (!caller.staff() && !caller.id().equals(AttachmentStore.of(file).uploadedBy())) {
            throw new ProblemException(403, "Only who uploaded a file, or an agent or admin, deletes it.");
        }
        store.delete(file);
    }

    private GridFSFile find(String id, String attachmentId) {
        access.requireVisible(current.get(), id);
        return store.find(id, attachmentId).orElseThrow(() -> new ProblemException(404, "No such attachment."));
    }
}
