package io.helpdesk.ticket.ticket;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.helpdesk.ticket.config.TicketConfig;

/**
 * The two SLA clocks of a ticket: time to the first public reply by staff ({@code firstResponseDueAt})
 * and time to resolution ({@code slaDueAt}), each creation plus the priority's target.
 *
 * <p>The resolution clock runs only while the ticket is OPEN. Leaving OPEN (PENDING: waiting on the
 * customer; RESOLVED or CLOSED) records when it stopped ({@code slaPausedAt}); coming back to OPEN (the
 * customer's reply, or a re-open) pushes {@code slaDueAt} forward by the time stopped, so a re-opened
 * ticket continues with the time it had left. The first-response clock is never stopped: a ticket
 * waits on the customer only once someone answered, and then the target is met. It is checked while
 * the ticket is OPEN or PENDING and unanswered.
 *
 * <p>A target is marked once, by the check while its clock runs or by the status change that stops
 * the clock past the due time, and stays marked (a priority change never clears it).
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
                ticket.slaPausedMillis += stopped.toMillis();
            }
            ticket.slaPausedAt = null;
        }
    }

    /**
     * A priority change: the resolution target again from creation under the new priority, plus the
     * time its clock was stopped; the first-response target from creation, while unanswered. A breach
     * once marked stays marked, whatever the new due time (one event per target, ever); a
     * first-response target already met keeps its due time and its outcome.
     */
    static void retarget(Ticket ticket, TicketConfig.Sla targets, Instant now) {
        Duration stopped = Duration.ofMillis(ticket.slaPausedMillis);
        ticket.slaDueAt = ticket.createdAt.plus(resolution(targets, ticket.priority)).plus(stopped);
        if (ticket.firstResponseAt == null) {
            ticket.firstResponseDueAt = ticket.createdAt.plus(firstResponse(targets, ticket.priority));
        }
    }

    /**
     * Whether the target is past due now, its clock running and not marked yet: what the SLA check
     * marks, and what a status change marks before it stops the clock. Resolution runs while OPEN;
     * the first response while OPEN or PENDING and no public staff reply came.
     */
    public static boolean due(Ticket ticket, Target target, Instant now) {
        if (ticket.deleted || breached(ticket, target)) {
            return false;
        }
        boolean running = target == Target.RESOLUTION
                ? ticket.status == Ticket.Status.OPEN && ticket.slaPausedAt == null
                : ticket.firstResponseAt == null
                        && (ticket.status == Ticket.Status.OPEN || ticket.status == Ticket.Status.PENDING);
        Instant dueAt = dueAt(ticket, target);
        return running && dueAt != null && dueAt.isBefore(now);
    }

    /** Whether a public staff reply made now is the ticket's first response and comes after its due time. */
    static boolean lateFirstResponse(Ticket ticket, Instant now) {
        return due(ticket, Target.FIRST_RESPONSE, now);
    }

    /**
     * The targets past due and not marked yet when the ticket moves to {@code next}: the clock that stops
     * there (or keeps running) would otherwise leave them unmarked until the next check, or for good.
     */
    static List<Target> missedOnStop(Ticket ticket, Ticket.Status next, Instant now) {
        List<Target> missed = new ArrayList<>();
        if (next != ticket.status) {
            for (Target target : Target.values()) {
                if (due(ticket, target, now)) {
                    missed.add(target);
                }
            }
        }
        return missed;
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
