package io.helpdesk.ticket.ticket;

import java.time.Duration;
import java.time.Instant;

import io.helpdesk.ticket.config.TicketConfig;

/**
 * The two SLA clocks of a ticket: time to the first public reply by staff ({@code firstResponseDueAt})
 * and time to resolution ({@code slaDueAt}), each creation plus the priority's target.
 *
 * <p>The clocks run only while the ticket is OPEN. Leaving OPEN (PENDING: waiting on the customer;
 * RESOLVED or CLOSED) records when they stopped ({@code slaPausedAt}); coming back to OPEN (the
 * customer's reply, or a re-open) pushes both due times forward by the time stopped, so a re-opened
 * ticket continues with the time it had left. A first-response target already met stays as it was.
 * Business hours would replace the plain durations here with a calendar's working time.
 */
public final class SlaClock {

    /** Which target a breach is about; the name travels as {@code slaTarget} on {@code TicketSlaBreached}. */
    public enum Target {
        FIRST_RESPONSE, RESOLUTION
    }

    private SlaClock() {
    }

    /** Both due times of a new ticket, from its creation. */
    static void start(Ticket ticket, TicketConfig.Sla targets, Instant now) {
        ticket.slaDueAt = now.plus(resolution(targets, ticket.priority));
        ticket.firstResponseDueAt = now.plus(firstResponse(targets, ticket.priority));
        ticket.slaPausedAt = null;
        ticket.slaPausedMillis = 0;
    }

    /** Stops or restarts the clocks as the ticket moves from its current status to {@code next}. */
    static void moving(Ticket ticket, Ticket.Status next, Instant now) {
        boolean running = ticket.status == Ticket.Status.OPEN;
        if (running && next != Ticket.Status.OPEN) {
            ticket.slaPausedAt = now;
        } else if (!running && next == Ticket.Status.OPEN && ticket.slaPausedAt != null) {
            // A ticket stored before the clocks could stop has no slaPausedAt: nothing to push.
            Duration stopped = Duration.between(ticket.slaPausedAt, now);
            if (!stopped.isNegative()) {
                ticket.slaDueAt = ticket.slaDueAt == null ? null : ticket.slaDueAt.plus(stopped);
                if (ticket.firstResponseAt == null && ticket.firstResponseDueAt != null) {
                    ticket.firstResponseDueAt = ticket.firstResponseDueAt.plus(stopped);
                }
                ticket.slaPausedMillis += stopped.toMillis();
            }
            ticket.slaPausedAt = null;
        }
    }

    /**
     * A priority change: both targets again from creation under the new priority, plus the time the
     * clocks were stopped. A breach already marked stays marked while the new due time has passed
     * too (no second event); one whose new due time lies ahead is cleared and can be marked again.
     * A first-response target already met keeps its due time and its outcome.
     */
    static void retarget(Ticket ticket, TicketConfig.Sla targets, Instant now) {
        Duration stopped = Duration.ofMillis(ticket.slaPausedMillis);
        Instant running = ticket.slaPausedAt == null ? now : ticket.slaPausedAt;
        ticket.slaDueAt = ticket.createdAt.plus(resolution(targets, ticket.priority)).plus(stopped);
        ticket.slaBreached = ticket.slaBreached && !ticket.slaDueAt.isAfter(running);
        if (ticket.firstResponseAt == null) {
            ticket.firstResponseDueAt = ticket.createdAt.plus(firstResponse(targets, ticket.priority)).plus(stopped);
            ticket.firstResponseBreached = ticket.firstResponseBreached && !ticket.firstResponseDueAt.isAfter(running);
        }
    }

    /** Whether the target is past due now, running and not marked yet: what the SLA check marks. */
    public static boolean due(Ticket ticket, Target target, Instant now) {
        if (ticket.deleted || ticket.status != Ticket.Status.OPEN || ticket.slaPausedAt != null || breached(ticket, target)) {
            return false;
        }
        Instant dueAt = dueAt(ticket, target);
        return dueAt != null && dueAt.isBefore(now) && (target == Target.RESOLUTION || ticket.firstResponseAt == null);
    }

    /**
     * Whether a public staff reply made now is the ticket's first response and comes after its due
     * time; while the clocks are stopped, the time counted ends where they stopped.
     */
    static boolean lateFirstResponse(Ticket ticket, Instant now) {
        Instant counted = ticket.slaPausedAt == null ? now : ticket.slaPausedAt;
        return ticket.firstResponseAt == null && !ticket.firstResponseBreached && ticket.firstResponseDueAt != null
                && ticket.firstResponseDueAt.isBefore(counted);
    }

    public static boolean breached(Ticket ticket, Target target) {
        return target == Target.FIRST_RESPONSE ? ticket.firstResponseBreached : ticket.slaBreached;
    }

    public static Instant dueAt(Ticket ticket, Target target) {
        return target == Target.FIRST_RESPONSE ? ticket.firstResponseDueAt : ticket.slaDueAt;
    }

    static void mark(Ticket ticket, Target target) {
        if (target == Target.FIRST_RESPONSE) {
            ticket.firstResponseBreached = true;
        } else {
            ticket.slaBreached = true;
        }
    }

    static Duration resolution(TicketConfig.Sla targets, Ticket.Priority priority) {
        return switch (priority) {
            case URGENT -> targets.urgent();
            case HIGH -> targets.high();
            case NORMAL -> targets.normal();
            case LOW -> targets.low();
        };
    }

    static Duration firstResponse(TicketConfig.Sla targets, Ticket.Priority priority) {
        TicketConfig.FirstResponse first = targets.firstResponse();
        return switch (priority) {
            case URGENT -> first.urgent();
            case HIGH -> first.high();
            case NORMAL -> first.normal();
            case LOW -> first.low();
        };
    }
}
