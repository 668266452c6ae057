package io.helpdesk.chat.ticketevents;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.chat.message.MessageStore;
import io.helpdesk.chat.socket.Fanout;
import io.helpdesk.chat.socket.Frames;
import io.helpdesk.platform.contracts.EventStream;
import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.contracts.TicketEvents;
import io.helpdesk.platform.events.Received;
import io.helpdesk.platform.events.Subscription;

/**
 * Ticket events become system messages in the ticket's room. The event id is the message's client
 * id, so a redelivered event adds nothing.
 */
@ApplicationScoped
public class TicketEventsConsumer extends Subscription<TicketEvents.Payload> {

    static final String SYSTEM = "system";

    private final MessageStore messages;
    private final Fanout fanout;

    public TicketEventsConsumer(MessageStore messages, Fanout fanout) {
        this.messages = messages;
        this.fanout = fanout;
    }

    @Override
    public EventStream<TicketEvents.Payload> stream() {
        return EventStream.TICKETS;
    }

    @Override
    protected void handle(Received<TicketEvents.Payload> event) {
        TicketEvents.Payload payload = event.payload();
        if (payload.ticket() == null || payload.ticket().ticketId() == null) {
            throw new IllegalArgumentException("A ticket event without its ticket");
        }
        String text = describe(event.type(), payload);
        if (text != null) {
            String room = "ticket:" + payload.ticket().ticketId();
            MessageStore.Stored stored = messages.append(room, SYSTEM, SYSTEM, event.eventId(), text, true);
            if (!stored.duplicate()) {
                fanout.publish(room, Frames.messageFrame(stored.message()));
            }
        }
    }

    static String describe(EventType type, TicketEvents.Payload p) {
        var t = p.ticket();
        return switch (type) {
            case TICKET_CREATED -> "Ticket opened: " + t.subject();
            case TICKET_STATUS_CHANGED -> "Status changed from " + p.previousStatus() + " to " + t.status();
            case TICKET_ASSIGNED -> t.assigneeId() == null ? "The ticket was unassigned" : "Assigned to " + t.assigneeId();
            case TICKET_CLOSED -> "Ticket closed";
            case TICKET_SLA_BREACHED -> "The ticket passed its SLA due time";
            default -> null;
        };
    }
}
