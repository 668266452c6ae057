package io.helpdesk.chat.message;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
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

import io.helpdesk.chat.people.Names;
import io.helpdesk.chat.room.Rooms;
import io.helpdesk.platform.web.http.PageLinks;
import io.helpdesk.platform.web.problem.ProblemException;
import io.helpdesk.platform.security.CurrentCaller;
import io.quarkus.security.Authenticated;

@Path("/v1/chat/rooms")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Chat")
@SecurityRequirement(name = "bearer")
public class HistoryResource {

    private final MessageRepository messages;
    private final Rooms rooms;
    private final CurrentCaller caller;
    private final Names names;

    public HistoryResource(MessageRepository messages, Rooms rooms, CurrentCaller caller, Names names) {
        this.messages = messages;
        this.rooms = rooms;
        this.caller = caller;
        this.names = names;
    }

    @GET
    @Path("/{id}/messages")
    @Operation(operationId = "getRoomHistory", summary = "A room's history, oldest first", description = "before: a sequence number; the newest when absent. Each message carries its sender's id "
            + "(sender) and display name (senderName: null when the sender is not a person chat knows).")
    @APIResponse(responseCode = "200", description = "Up to limit messages before the given one, oldest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = MessageView.class)),
            headers = @Header(name = PageLinks.HEADER, description = "RFC 8288 links: rel=\"prev\" to the older messages"
                    + " (while this page is full), rel=\"last\" to the newest (when this page is an older one)",
                    schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", description = "No such room, or not one the caller may read")
    public RestResponse<List<Map<String, Object>>> history(@PathParam("id") String room, @QueryParam("before") @Min(1) Long before,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit, @Context UriInfo uri) {
        Rooms.Verdict verdict = rooms.mayJoin(room, caller.get());
        if (!verdict.allowed()) {
            if ("unavailable".equals(verdict.reason())) {
                throw ProblemException.unavailable("The room cannot be checked right now.", java.time.Duration.ofSeconds(10));
            }
            throw new ProblemException(404, "No such room, or not one you may read.");
        }
        List<ChatMessage> page = messages.before(room, before, limit);
        PageLinks links = PageLinks.of(uri.getRequestUri());
        if (page.size() == limit) {
            links.add("prev", Map.of("before", page.get(0).seq));
        }
        if (before != null) {
            Map<String, Object> newest = new HashMap<>();
            newest.put("before", null);
            links.add("last", newest);
        }
        RestResponse.ResponseBuilder<List<Map<String, Object>>> answer = RestResponse.ResponseBuilder.ok(MessageView.of(page, names));
        return (links.header().isEmpty() ? answer : answer.header(PageLinks.HEADER, links.header())).build();
    }
}
