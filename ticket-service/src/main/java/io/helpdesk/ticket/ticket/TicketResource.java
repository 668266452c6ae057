package io.helpdesk.ticket.ticket;

import java.net.URI;
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
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

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
import io.helpdesk.platform.web.http.PageLinks;
import io.helpdesk.platform.web.paging.CursorPaged;
import io.helpdesk.platform.web.paging.Keyset;
import io.helpdesk.platform.web.paging.RetiredParameter;
import io.helpdesk.platform.web.problem.Problem;
import io.helpdesk.platform.web.problem.ProblemException;
import io.helpdesk.platform.security.Caller;
import io.helpdesk.platform.security.CurrentCaller;
import io.helpdesk.platform.security.Roles;

@Path("/v1/ticket")
@Produces(MediaType.APPLICATION_JSON)
// People act on tickets; a SERVICE token only reads (the routes that say so).
@RolesAllowed({ Roles.CUSTOMER, Roles.AGENT, Roles.ADMIN })
@Tag(name = "Tickets")
@SecurityRequirement(name = "bearer")
public class TicketResource {

    static final String NOT_FOUND = "No such ticket, or not one the caller may see";
    static final String VERSION = "The ticket's version, for If-Match";

    private final TicketService tickets;
    private final TicketQueries queries;
    private final IdempotencyKeys idempotency;
    private final CurrentCaller current;
    private final PeopleDirectory people;

    public TicketResource(TicketService tickets, TicketQueries queries, IdempotencyKeys idempotency, CurrentCaller current,
            PeopleDirectory people) {
        this.tickets = tickets;
        this.queries = queries;
        this.idempotency = idempotency;
        this.current = current;
        this.people = people;
    }

    @GET
    @RolesAllowed({ Roles.CUSTOMER, Roles.AGENT, Roles.ADMIN, Roles.SERVICE })
    @Operation(operationId = "listTickets", summary = "The tickets the caller may see",
            description = "Customers: their own. Agents: assigned to them and the unassigned queue. Admins: all."
                    + " sort: createdAt, updatedAt, priority or slaDueAt, '-' first for descending (default -createdAt),"
                    + " then by id. Paged by cursor: follow 'next' (or the Link rel=\"next\"); rows are summaries"
                    + " without the conversation. q: by words (stemmed, any of them) where the store has a text"
                    + " index, else the literal text in any case; the subject or the conversation, and for staff the"
                    + " internal notes too.")
    @APIResponse(responseCode = "200", description = "One page of tickets",
            content = @Content(schema = @Schema(implementation = TicketViews.Page.class)),
            headers = @Header(name = PageLinks.HEADER, description = CursorPaged.LINKS, schema = @Schema(type = SchemaType.STRING)))
    public TicketViews.Page list(
            @QueryParam("status") @Pattern(regexp = TicketRequests.STATUS) String status,
            @QueryParam("priority") @Pattern(regexp = TicketRequests.PRIORITY) String priority,
            @QueryParam("assignee") @Size(max = 64) String assignee,
            @QueryParam("tag") @Pattern(regexp = TicketRequests.TAG) String tag,
            @QueryParam("category") @Pattern(regexp = TicketRequests.CATEGORY) String category,
            @QueryParam("from") Instant from,
            @QueryParam("to") Instant to,
            @QueryParam("q") @Size(max = 100) String q,
            @QueryParam("sort") @Pattern(regexp = TicketQueries.SORT) String sort,
            @QueryParam("cursor") @Parameter(description = Keyset.CURSOR) @Pattern(regexp = Keyset.CURSOR_PATTERN) String cursor,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size,
            @QueryParam("total") @Parameter(description = Keyset.TOTAL, schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
            @Pattern(regexp = Keyset.TOTAL_PATTERN) String total,
            @QueryParam("page") @Parameter(hidden = true) String page) {
        noPage(page);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new ProblemException(400, Problem.BLANK, null, "'from' must be before 'to'.",
                    List.of(new Problem.FieldError("from", "must be before to")), null);
        }
        return queries.list(caller(), new TicketQueries.Criteria(status, priority, assignee, tag, category, from, to, q,
                sort, false), cursor, size, Keyset.total(total));
    }

    @GET
    @Path("/deleted")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "listDeletedTickets", summary = "Deleted tickets (ADMIN)",
            description = "Most recently changed first, then by id; paged by cursor like the ticket list.")
    @APIResponse(responseCode = "200", description = "One page of deleted tickets",
            content = @Content(schema = @Schema(implementation = TicketViews.Page.class)),
            headers = @Header(name = PageLinks.HEADER, description = CursorPaged.LINKS, schema = @Schema(type = SchemaType.STRING)))
    public TicketViews.Page deleted(
            @QueryParam("cursor") @Parameter(description = Keyset.CURSOR) @Pattern(regexp = Keyset.CURSOR_PATTERN) String cursor,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size,
            @QueryParam("total") @Parameter(description = Keyset.TOTAL, schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
            @Pattern(regexp = Keyset.TOTAL_PATTERN) String total,
            @QueryParam("page") @Parameter(hidden = true) String page) {
        noPage(page);
        return queries.list(caller(), new TicketQueries.Criteria(null, null, null, null, null, null, null, null,
                "-updatedAt", true), cursor, size, Keyset.total(total));
    }

    /** Lists are paged by cursor: a request that still numbers its page is refused, not answered from the start. */
    private static void noPage(String page) {
        RetiredParameter.refuse("page", page, "replaced by cursor");
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.CUSTOMER, Roles.AGENT, Roles.ADMIN, Roles.SERVICE })
    @Operation(operationId = "getTicket", summary = "One ticket with its newest messages",
            description = "ETag carries the version, for If-Match. messages holds the newest " + Conversation.NEWEST
                    + " messages the caller may see; the whole conversation is at GET /v1/ticket/{id}/messages.")
    @APIResponse(responseCode = "200", description = "The ticket as the caller may see it",
            headers = @Header(name = "ETag", description = VERSION, schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = TicketViews.TicketView.class)))
    @APIResponse(responseCode = "304", description = "Not modified: If-None-Match names the ticket's current ETag",
            headers = @Header(name = "ETag", description = VERSION, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    public Response get(@PathParam("id") String id) {
        Caller caller = caller();
        Ticket ticket = tickets.visible(caller, id);
        return withVersion(Response.ok(view(ticket, caller)), ticket);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "openTicket", summary = "Open a ticket",
            description = "With an Idempotency-Key header (1 to 200 visible ASCII characters, per caller, kept a day), a"
                    + " retried request returns the first result instead of a second ticket: any number of requests with"
                    + " one key and one body, concurrent ones included, create exactly one ticket. Each answers 201 with"
                    + " that ticket, or 409 while the first request with the key is still being written (retry).")
    @APIResponse(responseCode = "201", description = "Opened, or the ticket an earlier request with this Idempotency-Key opened",
            headers = {
                    @Header(name = "Location", description = "The ticket's URI", schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "ETag", description = VERSION, schema = @Schema(type = SchemaType.STRING)) },
            content = @Content(schema = @Schema(implementation = TicketViews.TicketView.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields, or an Idempotency-Key that is not 1 to 200 visible ASCII characters")
    @APIResponse(responseCode = "403", description = "A customer named someone else in customerId")
    @APIResponse(responseCode = "409", description = "A request with this Idempotency-Key is still in progress; retry")
    @APIResponse(responseCode = "422", description = "The Idempotency-Key was used for another request")
    public Response open(@Valid @NotNull TicketRequests.Open request,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        Caller caller = caller();
        Ticket ticket;
        if (idempotencyKey == null) {
            ticket = tickets.open(caller, request, java.util.UUID.randomUUID().toString());
        } else {
            ticket = tickets.openOnce(caller, request, idempotency.reserve(caller.id(), idempotencyKey, request));
        }
        return withVersion(Response.created(URI.create("/v1/ticket/" + ticket.id)).entity(view(ticket, caller)),
                ticket);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "replyToTicket", summary = "Reply: add a message to the conversation",
            description = "An agent's reply sets the first response and moves the ticket to PENDING; the customer's moves it"
                    + " back to OPEN. internal=true is a note customers never see. 409 on a CLOSED ticket.")
    @APIResponse(responseCode = "200", description = "The ticket with the reply",
            headers = @Header(name = "ETag", description = VERSION, schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = TicketViews.TicketView.class)))
    @APIResponse(responseCode = "403", description = "A customer sent an internal note")
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    @APIResponse(responseCode = "409", description = "The ticket is CLOSED, its conversation is full, or it changed"
            + " meanwhile (reload and retry)")
    @APIResponse(responseCode = "412", description = "If-Match names an older version")
    public Response reply(@PathParam("id") String id, @Valid @NotNull TicketRequests.Reply request,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        Caller caller = caller();
        Ticket ticket = tickets.reply(caller, id, request, version(ifMatch));
        return withVersion(Response.ok(view(ticket, caller)), ticket);
    }

    @PATCH
    @Path("/close-ticket/{id}")
    @Operation(operationId = "closeTicket", summary = "Close a ticket", description = "Closing a CLOSED ticket changes nothing.")
    @APIResponse(responseCode = "200", description = "The closed ticket",
            headers = @Header(name = "ETag", description = VERSION, schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = TicketViews.TicketView.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    @APIResponse(responseCode = "409", description = "The ticket changed meanwhile; reload and retry")
    @APIResponse(responseCode = "412", description = "If-Match names an older version")
    public Response close(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        Caller caller = caller();
        Ticket ticket = tickets.close(caller, id, version(ifMatch));
        return withVersion(Response.ok(view(ticket, caller)), ticket);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.AGENT, Roles.ADMIN })
    @Operation(operationId = "updateTicket", summary = "Assign, prioritise, categorise, tag, change status (AGENT, ADMIN)",
            description = "Allowed moves: OPEN→PENDING|RESOLVED|CLOSED, PENDING→OPEN|RESOLVED|CLOSED,"
                    + " RESOLVED→OPEN|CLOSED, CLOSED→OPEN (reopen). Others answer 409. assigneeId must be an active"
                    + " agent or admin known to the people directory (GET /v1/people lists them); \"\" unassigns.")
    @APIResponse(responseCode = "200", description = "The changed ticket",
            headers = @Header(name = "ETag", description = VERSION, schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = TicketViews.TicketView.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    @APIResponse(responseCode = "409", description = "A status move that is not allowed, or the ticket changed meanwhile"
            + " (reload and retry)")
    @APIResponse(responseCode = "412", description = "If-Match names an older version")
    @APIResponse(responseCode = "422", description = "assigneeId is not an active agent or admin (errors[0].field = assigneeId)")
    public Response update(@PathParam("id") String id, @Valid @NotNull TicketRequests.Update request,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        Caller caller = caller();
        Ticket ticket = tickets.update(caller, id, request, version(ifMatch));
        return withVersion(Response.ok(view(ticket, caller)), ticket);
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteTicket", summary = "Delete a ticket (soft)",
            description = "By its customer or an admin; admins can restore it.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "403", description = "Neither the ticket's customer nor an admin")
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    @APIResponse(responseCode = "409", description = "The ticket changed meanwhile; retry")
    public void delete(@PathParam("id") String id) {
        tickets.delete(caller(), id);
    }

    @POST
    @Path("/{id}/restore")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "restoreTicket", summary = "Restore a deleted ticket (ADMIN)")
    @APIResponse(responseCode = "200", description = "The restored ticket",
            headers = @Header(name = "ETag", description = VERSION, schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = TicketViews.TicketView.class)))
    @APIResponse(responseCode = "404", description = "No deleted ticket with this id")
    @APIResponse(responseCode = "409", description = "The ticket changed meanwhile; retry")
    public Response restore(@PathParam("id") String id) {
        Caller caller = caller();
        Ticket ticket = tickets.restore(caller, id);
        return withVersion(Response.ok(view(ticket, caller)), ticket);
    }

    /** Whether a person may see a ticket: the visibility rule, asked by other services. */
    public record Access(String ticketId, String userId, String role, boolean visible) {
    }

    @GET
    @Path("/{id}/access")
    @RolesAllowed(Roles.SERVICE)
    @Operation(operationId = "ticketAccess", summary = "May this person see the ticket? (SERVICE)",
            description = "The rule GET /v1/ticket/{id} applies, for the user and role named: chat admits exactly these"
                    + " people to the ticket's room. 404 when the ticket does not exist or is deleted.")
    @APIResponse(responseCode = "200", description = "The answer",
            content = @Content(schema = @Schema(implementation = Access.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    public Access access(@PathParam("id") String id,
            @QueryParam("userId") @NotNull @Pattern(regexp = "^[A-Za-z0-9:._-]{1,64}$") String userId,
            @QueryParam("role") @NotNull @Pattern(regexp = "^(CUSTOMER|AGENT|ADMIN)$") String role) {
        Ticket ticket = tickets.visible(caller(), id);
        return new Access(ticket.id, userId, role, ticket.visibleTo(Caller.acting(userId, role)));
    }

    private Caller caller() {
        return current.get();
    }

    /** The ticket as the caller sees it with its newest messages, its people named with one directory read. */
    private TicketViews.TicketView view(Ticket ticket, Caller caller) {
        List<TicketMessage> newest = tickets.newestMessages(ticket, caller);
        return TicketViews.view(ticket, newest, caller, people.byIds(TicketViews.people(ticket, newest)));
    }

    private static Response withVersion(Response.ResponseBuilder response, Ticket ticket) {
        return response.tag(new EntityTag(Long.toString(ticket.version))).build();
    }

    /** The version an If-Match header names: {@code "3"}, {@code W/"3"} or {@code 3}; none for {@code *}. */
    static Long version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return null;
        }
        String value = ifMatch.strip().replaceFirst("^W/", "").replace("\"", "");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ProblemException(400, Problem.BLANK, null, "If-Match must be an ETag from this API.",
                    List.of(new Problem.FieldError("If-Match", "is not a ticket version")), null);
        }
    }
}
