package io.helpdesk.ticket.people;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.helpdesk.platform.people.Person;
import io.helpdesk.platform.web.problem.ProblemException;
import io.helpdesk.ticket.ticket.LegacyConversation;
import io.helpdesk.ticket.ticket.Ticket;
import io.helpdesk.ticket.ticket.TicketRepository;
import io.helpdesk.ticket.ticket.TicketService;

/**
 * Gives the tickets of someone who may no longer be assigned work (disabled, deleted, or no longer an
 * agent or admin) back to the unassigned queue, each with a {@code TicketAssigned} event that carries
 * the reason. It acts on the person as stored, not on the change an event describes, and touches only
 * tickets still assigned to them: a redelivered event, or one handled again after a crash between the
 * directory write and the tickets, does each ticket once.
 *
 * <p>Only tickets given to the person before what the directory now says of them are released: a
 * ticket assigned on a newer version of the account (recorded as {@code assigneeVersion}) stays when an
 * older event is read again, as a new consumer group or a rebuild reads {@code events.users} from its
 * start (an agent who registered as a customer and was promoted, one disabled and enabled again). For a
 * ticket stored before that version was kept, the time of its assignment ({@code assignedAt}, which moving
 * an earlier version's history out of the ticket sets from the last change of the assignee, else its
 * creation) is compared with the event's.
 * Deleted tickets are left alone until restored (the restore looks at the assignee).
 */
@ApplicationScoped
public class AssigneeRelease {

    private static final Logger LOG = Logger.getLogger(AssigneeRelease.class);
    /** Writes of one ticket that may lose a race with people working on it before the event is retried. */
    private static final int ATTEMPTS = 3;

    private final TicketRepository tickets;
    private final TicketService service;
    private final LegacyConversation legacy;

    public AssigneeRelease(TicketRepository tickets, TicketService service, LegacyConversation legacy) {
        this.tickets = tickets;
        this.service = service;
        this.legacy = legacy;
    }

    /**
     * Unassigns every ticket of the person that is neither closed nor deleted and was assigned before
     * the event that occurred at {@code occurredAt}, if they may no longer be assigned; returns how many.
     */
    public int releaseIfNotAssignable(Person person, Instant occurredAt) {
        Optional<String> reason = TicketService.releaseReason(person);
        if (reason.isEmpty()) {
            return 0;
        }
        int released = 0;
        // An earlier version's ticket tells when it was assigned only once its history is moved out: looked for
        // even after the migration is done, since a replica of the earlier version may have saved one since
        // (the person's own tickets, by the queue index).
        legacy.moveAssignedTo(person.id);
        for (Ticket ticket : tickets.assignedNotClosed(person.id)) {
            if (assignedBefore(ticket, person, occurredAt) && unassign(ticket.id, person.id, reason.get())) {
                released++;
            }
        }
        if (released > 0) {
            LOG.infof("Unassigned %d tickets of %s (%s)", released, person.id, reason.get());
        }
        return released;
    }

    /** Whether the ticket was assigned on the account as stored now or an older one (see the class comment). */
    static boolean assignedBefore(Ticket ticket, Person person, Instant occurredAt) {
        if (ticket.assigneeVersion != null) {
            return ticket.assigneeVersion <= person.version;
        }
        Instant assigned = assignedAt(ticket);
        return occurredAt == null || assigned == null || !assigned.isAfter(occurredAt);
    }

    /** When the current assignee got the ticket, as far as the stored ticket tells. */
    static Instant assignedAt(Ticket ticket) {
        return ticket.assignedAt != null ? ticket.assignedAt : ticket.createdAt;
    }

    private boolean unassign(String ticketId, String personId, String reason) {
        for (int attempt = 1;; attempt++) {
            try {
                return service.unassign(ticketId, personId, reason);
            } catch (ProblemException raced) {
                // Someone wrote the ticket between the read and the write: read it again. After the last
                // attempt the event fails and is delivered again later.
                if (raced.status() != 409 || attempt == ATTEMPTS) {
                    throw raced;
                }
            }
        }
    }
}
