package io.helpdesk.chat.ticketevents;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.chat.message.MessageStore;
import io.helpdesk.chat.people.Names;
import io.helpdesk.chat.socket.Fanout;
import io.helpdesk.chat.socket.Frames;
import io.helpdesk.platform.contracts.EventStream;
import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.contracts.TicketEvents;
import io.helpdesk.platform.events.Received;
import io.helpdesk.platform.events.Subscription;

/**
 * Ticket events become system messages in the ticket's room, written with the names of the people
 * they speak of (never their ids). The event id is the message's client id, so a redelivered event
 * adds nothing.
 */
@ApplicationScoped
public class TicketEventsConsumer extends Subscription<TicketEvents.Payload> {

    static final String SYSTEM = Names.SYSTEM;

    private final MessageStore messages;
    private final Fanout fanout;
    private final Names names;

    public TicketEventsConsumer(MessageStore messages, Fanout fanout, Names names) {
        this.messages = messages;
        this.fanout = fanout;
        this.names = names;
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
        if (!Texts.DESCRIBED.contains(event.type())) {
            return;
        }
        List<String> people = new ArrayList<>();
        people.add(event.actor());
        people.add(payload.ticket().assigneeId());
        people.add(payload.previousAssigneeId());
        Map<String, String> known = names.of(people);
        String text = Texts.describe(event.type(), event.actor(), payload, known);
        String room = "ticket:" + payload.ticket().ticketId();
        MessageStore.Stored stored = messages.append(room, SYSTEM, SYSTEM, event.eventId(), text, true);
        if (!stored.duplicate()) {
            fanout.publish(room, Frames.messageFrame(stored.message(), null));
        }
    }
}
