package io.helpdesk.chat.ticketevents;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import io.helpdesk.chat.people.Names;
import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.contracts.TicketEvents;

/**
 * The text of a ticket event's system message. People are named by their display names; one the
 * directory does not know yet is "someone" (or "an agent" as an assignee), never an id.
 */
final class Texts {

    /** The ticket events that become system messages. */
    static final Set<EventType> DESCRIBED = EnumSet.of(EventType.TICKET_CREATED, EventType.TICKET_STATUS_CHANGED,
            EventType.TICKET_ASSIGNED, EventType.TICKET_CLOSED, EventType.TICKET_SLA_BREACHED);

    /** The reasons the system gives when it takes a ticket from its assignee. */
    private static final Set<String> ASSIGNEE_GONE = Set.of("ASSIGNEE_DISABLED", "ASSIGNEE_DELETED",
            "ASSIGNEE_NO_LONGER_STAFF");

    private Texts() {
    }

    /** The message for the event; names: display names by id, as far as known. */
    static String describe(EventType type, String actor, TicketEvents.Payload p, Map<String, String> names) {
        var t = p.ticket();
        return switch (type) {
            case TICKET_CREATED -> "Ticket opened: " + t.subject();
            case TICKET_STATUS_CHANGED -> "Status changed from " + p.previousStatus() + " to " + t.status() + by(actor, names);
            case TICKET_ASSIGNED -> assigned(actor, p, names);
            case TICKET_CLOSED -> "Ticket closed" + by(actor, names);
            case TICKET_SLA_BREACHED -> "FIRST_RESPONSE".equals(p.slaTarget())
                    ? "The ticket passed its first-response due time"
                    : "The ticket passed its SLA due time";
            default -> null;
        };
    }

    private static String assigned(String actor, TicketEvents.Payload p, Map<String, String> names) {
        String assignee = p.ticket().assigneeId();
        if (assignee != null && assignee.equals(actor)) {
            return names.getOrDefault(assignee, "An agent") + " took the ticket";
        }
        if (assignee != null) {
            return "Assigned to " + names.getOrDefault(assignee, "an agent") + by(actor, names);
        }
        if (p.reason() != null && ASSIGNEE_GONE.contains(p.reason())) {
            String previous = p.previousAssigneeId() == null ? null : names.get(p.previousAssigneeId());
            return "Back in the queue: " + (previous == null ? "the assigned agent" : previous) + " is no longer available";
        }
        return "The ticket was unassigned" + by(actor, names);
    }

    /** " by Alice Agent"; nothing for the system's own changes or when no actor is given. */
    private static String by(String actor, Map<String, String> names) {
        if (actor == null || actor.isBlank() || Names.SYSTEM.equals(actor)) {
            return "";
        }
        return " by " + names.getOrDefault(actor, "someone");
    }
}
