package io.helpdesk.ticket.people;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.helpdesk.platform.people.Person;
import io.helpdesk.platform.web.problem.ProblemException;
import io.helpdesk.ticket.ticket.TicketRepository;
import io.helpdesk.ticket.ticket.TicketService;

/**
 * Gives the tickets of someone who may no longer be assigned work (disabled, deleted, or no longer an
 * agent or admin) back to the unassigned queue, each with a {@code TicketAssigned} event that carries
 * the reason. It acts on the person as stored, not on the change an event describes, and touches only
 * tickets still assigned to them: a redelivered event, or one handled again after a crash between the
 * directory write and the tickets, does each ticket once.
 */
@ApplicationScoped
public class AssigneeRelease {

    private static final Logger LOG = Logger.getLogger(AssigneeRelease.class);
    /** Writes of one ticket that may lose a race with people working on it before the event is retried. */
    private static final int ATTEMPTS = 3;

    private final TicketRepository tickets;
    private final TicketService service;

    public AssigneeRelease(TicketRepository tickets, TicketService service) {
        this.tickets = tickets;
        this.service = service;
    }

    /** Unassigns every ticket of the person that is not closed, if they may no longer be assigned; returns how many. */
    public int releaseIfNotAssignable(Person person) {
        Optional<String> reason = TicketService.releaseReason(person);
        if (reason.isEmpty()) {
            return 0;
        }
        int released = 0;
        for (String ticketId : tickets.assignedNotClosed(person.id)) {
            if (unassign(ticketId, person.id, reason.get())) {
                released++;
            }
        }
        if (released > 0) {
            LOG.infof("Unassigned %d tickets of %s (%s)", released, person.id, reason.get());
        }
        return released;
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
