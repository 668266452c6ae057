package io.helpdesk.ticket.watcher;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.helpdesk.platform.people.PeopleDirectory;
import io.helpdesk.platform.people.Person;
import io.helpdesk.platform.web.problem.ProblemException;
import io.helpdesk.platform.security.Caller;
import io.helpdesk.platform.security.CurrentCaller;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.ticket.access.TicketAccess;

@Path("/v1/ticket/{id}/watchers")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.CUSTOMER, Roles.AGENT, Roles.ADMIN })
@SecurityRequirement(name = "bearer")
@Tag(name = "Watchers", description = "People told of every change of a ticket")
public class WatcherResource {

    static final String NOT_FOUND = "No such ticket, or not one the caller may see";

    private final TicketAccess access;
    private final WatcherRepository watchers;
    private final CurrentCaller current;
    private final PeopleDirectory people;

    public WatcherResource(TicketAccess access, WatcherRepository watchers, CurrentCaller current, PeopleDirectory people) {
        this.access = access;
        this.watchers = watchers;
        this.current = current;
        this.people = people;
    }

    public record WatchRequest(
            @Schema(description = "Who is to watch (agents and admins only); absent: the caller") @Size(max = 64) String userId) {
    }

    public record WatcherView(String userId,
            @Schema(description = "The watcher's display name from the people directory; null when unknown", nullable = true)
            String userName,
            String addedBy, Instant addedAt) {
    }

    @GET
    @Operation(operationId = "listWatchers", summary = "Who watches the ticket")
    @APIResponse(responseCode = "200", description = "The watchers",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = WatcherView.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    public List<WatcherView> list(@PathParam("id") String id) {
        access.requireVisible(current.get(), id);
        List<WatcherRepository.Watcher> all = watchers.of(id);
        Map<String, Person> named = people.byIds(all.stream().map(w -> w.userId).toList());
        return all.stream().map(w -> new WatcherView(w.userId, name(named.get(w.userId)), w.addedBy, w.addedAt)).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "watchTicket", summary = "Watch the ticket",
            description = "Yourself, or (agents and admins) the user named in the body.")
    @APIResponse(responseCode = "201", description = "Now watching",
            content = @Content(schema = @Schema(implementation = WatcherView.class)))
    @APIResponse(responseCode = "200", description = "Was watching already",
            content = @Content(schema = @Schema(implementation = WatcherView.class)))
    @APIResponse(responseCode = "403", description = "A customer named someone else")
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    public Response watch(@PathParam("id") String id, @Valid WatchRequest request) {
        Caller caller = current.get();
        access.requireVisible(caller, id);
        String userId = target(caller, request == null ? null : request.userId());
        boolean added = watchers.add(id, userId, caller.id());
        String name = people.find(userId).map(p -> p.name).orElse(null);
        return Response.status(added ? 201 : 200).entity(new WatcherView(userId, name, caller.id(), Instant.now())).build();
    }

    @DELETE
    @Operation(operationId = "unwatchTicket", summary = "Stop watching the ticket",
            description = "The caller; no matter whether they watched it.")
    @APIResponse(responseCode = "204", description = "Not watching")
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    public void unwatch(@PathParam("id") String id) {
        Caller caller = current.get();
        access.requireVisible(caller, id);
        watchers.remove(id, caller.id());
    }

    @DELETE
    @Path("/{userId}")
    @Operation(operationId = "removeWatcher", summary = "Remove a watcher", description = "Yourself, or anyone (agents and admins).")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "403", description = "A customer named someone else")
    @APIResponse(responseCode = "404", description = "No such ticket for the caller, or the user does not watch it")
    public void remove(@PathParam("id") String id, @PathParam("userId") String userId) {
        Caller caller = current.get();
        access.requireVisible(caller, id);
        if (!watchers.remove(id, target(caller, userId))) {
            throw new ProblemException(404, "That user does not watch this ticket.");
        }
    }

    private static String target(Caller caller, String userId) {
        if (userId == null || userId.equals(caller.id())) {
            return caller.id();
        }
        if (!caller.staff()) {
            throw new ProblemException(403, "Only agents and admins manage other people's watching.");
        }
        return userId;
    }

    private static String name(Person person) {
        return person == null ? null : person.name;
    }
}
