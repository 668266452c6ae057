package io.helpdesk.ticket.people;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.helpdesk.platform.people.Person;
import io.helpdesk.ticket.ticket.Ticket;

/** What agents and admins see of people: never shown to customers. */
public final class PeopleViews {

    private PeopleViews() {
    }

    @Schema(name = "Assignable", description = "An active agent or admin a ticket can be assigned to")
    public record Assignable(String id, String name, String email, String role,
            @Schema(nullable = true) String avatarUrl) {

        static Assignable of(Person p) {
            return new Assignable(p.id, p.name, p.email, p.role, p.avatarUrl);
        }
    }

    @Schema(name = "TicketBrief", description = "A ticket on a person's card")
    public record TicketBrief(String id, String subject, String status, String priority, Instant updatedAt) {

        static TicketBrief of(Ticket t) {
            return new TicketBrief(t.id, t.subject, t.status.name(), t.priority.name(), t.updatedAt);
        }
    }

    @Schema(name = "PersonCard", description = "Who someone is and the work in hand with them")
    public record Card(String id, String name, String email, @Schema(nullable = true) String company,
            @Schema(description = "CUSTOMER, AGENT or ADMIN") String role,
            @Schema(description = "ACTIVE, INVITED, DISABLED or DELETED") String status,
            @Schema(nullable = true) String avatarUrl,
            @Schema(description = "How many of their tickets are not closed: opened by them (a customer) or assigned"
                    + " to them (an agent or admin); deleted tickets are not counted") long openTickets,
            @Schema(description = "The ten most recently updated of those tickets that the caller may see")
            List<TicketBrief> tickets) {
    }
}
