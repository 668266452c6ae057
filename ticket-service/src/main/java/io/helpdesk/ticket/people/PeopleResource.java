package io.helpdesk.ticket.people;

import java.util.List;
import java.util.Locale;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.helpdesk.platform.people.PeopleDirectory;
import io.helpdesk.platform.people.Person;
import io.helpdesk.platform.security.Caller;
import io.helpdesk.platform.security.CurrentCaller;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.web.problem.ProblemException;
import io.helpdesk.ticket.ticket.TicketQueries;

/**
 * Who is who, for the people who work tickets: colleagues to assign to and a person's card. Read from
 * this service's people directory (kept from {@code events.users}), never from the auth-service.
 */
@Path("/v1/people")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.AGENT, Roles.ADMIN })
@Tag(name = "People")
@SecurityRequirement(name = "bearer")
public class PeopleResource {

    static final int CARD_TICKETS = 10;

    private final PeopleDirectory directory;
    private final TicketQueries queries;
    private final CurrentCaller current;

    public PeopleResource(PeopleDirectory directory, TicketQueries queries, CurrentCaller current) {
        this.directory = directory;
        this.queries = queries;
        this.current = current;
    }

    @GET
    @Operation(operationId = "listAssignablePeople", summary = "Active agents and admins to assign tickets to (AGENT, ADMIN)",
            description = "By name. q: literal text in the name or email, case-insensitive.")
    @APIResponse(responseCode = "200", description = "The people",
            content = @Content(schema = @Schema(implementation = PeopleViews.Assignable.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "400", description = "q longer than 100 characters or with control characters")
    public List<PeopleViews.Assignable> assignable(@QueryParam("q") @Size(max = 100) String q) {
        String text = q == null ? "" : q.strip().toLowerCase(Locale.ROOT);
        return directory.assignable().stream()
                .filter(p -> text.isEmpty() || contains(p.name, text) || contains(p.email, text))
                .map(PeopleViews.Assignable::of).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getPersonCard", summary = "A person's card (AGENT, ADMIN)",
            description = "Name, email, company, role, status, and their tickets that are not closed: opened by them"
                    + " (a customer) or assigned to them (an agent or admin). openTickets counts them all; tickets lists"
                    + " the ten most recently updated that the caller may see.")
    @APIResponse(responseCode = "200", description = "The card",
            content = @Content(schema = @Schema(implementation = PeopleViews.Card.class)))
    @APIResponse(responseCode = "404", description = "No such person in the directory")
    public PeopleViews.Card card(@PathParam("id") String id) {
        Caller caller = current.get();
        Person p = directory.find(id).orElseThrow(() -> new ProblemException(404, "No such person."));
        TicketQueries.Party party = p.staff() ? TicketQueries.Party.ASSIGNEE : TicketQueries.Party.CUSTOMER;
        List<PeopleViews.TicketBrief> tickets = queries.newestNotClosed(caller, party, p.id, CARD_TICKETS).stream()
                .map(PeopleViews.TicketBrief::of).toList();
        return new PeopleViews.Card(p.id, p.name, p.email, p.company, p.role, p.status, p.avatarUrl,
                queries.countNotClosed(party, p.id), tickets);
    }

    private static boolean contains(String value, String text) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(text);
    }
}
