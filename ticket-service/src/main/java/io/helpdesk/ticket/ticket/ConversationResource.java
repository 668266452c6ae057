package io.helpdesk.ticket.ticket;

import jakarta.annotation.security.RolesAllowed;
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

import io.helpdesk.platform.people.PeopleDirectory;
import io.helpdesk.platform.security.Caller;
import io.helpdesk.platform.security.CurrentCaller;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.web.http.PageLinks;
import io.helpdesk.platform.web.paging.CursorPaged;
import io.helpdesk.platform.web.paging.Keyset;

/** A ticket's conversation and history, each paged by cursor, oldest first (see {@link Conversation}). */
@Path("/v1/ticket/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tickets")
@SecurityRequirement(name = "bearer")
public class ConversationResource {

    private final TicketService tickets;
    private final Conversation conversation;
    private final CurrentCaller current;
    private final PeopleDirectory people;

    public ConversationResource(TicketService tickets, Conversation conversation, CurrentCaller current,
            PeopleDirectory people) {
        this.tickets = tickets;
        this.conversation = conversation;
        this.current = current;
        this.people = people;
    }

    @GET
    @Path("/messages")
    @RolesAllowed({ Roles.CUSTOMER, Roles.AGENT, Roles.ADMIN, Roles.SERVICE })
    @Operation(operationId = "ticketMessages", summary = "The ticket's conversation, a page at a time",
            description = "Oldest first. Whoever may see the ticket reads its conversation; customers never see internal"
                    + " notes. The next page: the 'next' cursor, or the Link header's rel=\"next\".")
    @APIResponse(responseCode = "200", description = "One page of messages",
            content = @Content(schema = @Schema(implementation = TicketViews.MessagePage.class)),
            headers = @Header(name = PageLinks.HEADER, description = CursorPaged.LINKS, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", description = TicketResource.NOT_FOUND)
    public TicketViews.MessagePage messages(@PathParam("id") String id,
            @QueryParam("cursor") @Pattern(regexp = Keyset.CURSOR_PATTERN) @Parameter(description = Keyset.CURSOR) String cursor,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size,
            @QueryParam("total") @Parameter(description = Keyset.TOTAL, schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
            @Pattern(regexp = Keyset.TOTAL_PATTERN) String total) {
        Caller caller = current.get();
        Ticket ticket = tickets.visible(caller, id);
        Keyset.Slice<TicketMessage> page = conversation.messages(ticket, caller, cursor, size);
        return new TicketViews.MessagePage(TicketViews.messages(page.items(), people.byIds(TicketViews.senders(page.items()))),
                page.next(), Keyset.total(total) ? (long) Conversation.visibleCount(ticket, caller) : null);
    }

    @GET
    @Path("/history")
    @RolesAllowed({ Roles.AGENT, Roles.ADMIN })
    @Operation(operationId = "ticketHistory", summary = "Every change of the ticket: who, what, when (AGENT, ADMIN)",
            description = "Oldest first, a page at a time: the next page by the 'next' cursor, or the Link header's"
                    + " rel=\"next\".")
    @APIResponse(responseCode = "200", description = "One page of changes",
            content = @Content(schema = @Schema(implementation = TicketViews.ChangePage.class)),
            headers = @Header(name = PageLinks.HEADER, description = CursorPaged.LINKS, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", description = TicketResource.NOT_FOUND)
    public TicketViews.ChangePage history(@PathParam("id") String id,
            @QueryParam("cursor") @Pattern(regexp = Keyset.CURSOR_PATTERN) @Parameter(description = Keyset.CURSOR) String cursor,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size,
            @QueryParam("total") @Parameter(description = Keyset.TOTAL, schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
            @Pattern(regexp = Keyset.TOTAL_PATTERN) String total) {
        Ticket ticket = tickets.visible(current.get(), id);
        Keyset.Slice<TicketChange> page = conversation.history(ticket, cursor, size);
        return new TicketViews.ChangePage(TicketViews.history(page.items(), people.byIds(TicketViews.actors(page.items()))),
                page.next(), Keyset.total(total) ? (long) (ticket.historyCount == null ? 0 : ticket.historyCount) : null);
    }
}
