package io.helpdesk.chat.message;

import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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

import io.helpdesk.chat.people.Names;
import io.helpdesk.chat.room.Rooms;
import io.helpdesk.platform.security.CurrentCaller;
import io.helpdesk.platform.web.http.PageLinks;
import io.helpdesk.platform.web.paging.CursorPaged;
import io.helpdesk.platform.web.paging.Keyset;
import io.helpdesk.platform.web.paging.RetiredParameter;
import io.helpdesk.platform.web.problem.ProblemException;
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

    @Schema(name = "ChatHistoryPage", requiredProperties = { "items", "next", "total" })
    public record HistoryPage(
            @Schema(type = SchemaType.ARRAY, implementation = MessageView.class,
                    description = "The page's messages, oldest first") List<Map<String, Object>> items,
            @Schema(nullable = true, description = CursorPaged.NEXT + " (the next page holds older messages)") String next,
            @Schema(nullable = true, implementation = Long.class, description = "Always null: a room's history is not counted")
            Long total) implements CursorPaged {
    }

    @GET
    @Path("/{id}/messages")
    @Operation(operationId = "getRoomHistory", summary = "A room's history, a page at a time from the newest",
            description = "The first page holds the newest messages; its next leads to older ones, and so on back to the"
                    + " room's first. Within a page the messages are oldest first, in sequence order. Each message carries"
                    + " its sender's id (sender) and display name (senderName: null when the sender is not a person chat"
                    + " knows). The parameters before and limit are gone: they answer 400 naming cursor and size.")
    @APIResponse(responseCode = "200", description = "Up to size messages older than the cursor's, oldest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HistoryPage.class)),
            headers = @Header(name = PageLinks.HEADER, description = CursorPaged.LINKS, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", description = "No such room, or not one the caller may read")
    public HistoryPage history(@PathParam("id") String room,
            @Parameter(description = Keyset.CURSOR) @QueryParam("cursor") @Pattern(regexp = Keyset.CURSOR_PATTERN) String cursor,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size,
            @Parameter(hidden = true) @QueryParam("before") String before,
            @Parameter(hidden = true) @QueryParam("limit") String limit) {
        RetiredParameter.refuse("before", before, "replaced by cursor");
        RetiredParameter.refuse("limit", limit, "replaced by size");
        Rooms.Verdict verdict = rooms.mayJoin(room, caller.get());
        if (!verdict.allowed()) {
            if ("unavailable".equals(verdict.reason())) {
                throw ProblemException.unavailable("The room cannot be checked right now.", java.time.Duration.ofSeconds(10));
            }
            throw new ProblemException(404, "No such room, or not one you may read.");
        }
        var page = messages.newestPage(room, cursor, size);
        return new HistoryPage(MessageView.of(page.items(), names), page.next(), null);
    }
}
