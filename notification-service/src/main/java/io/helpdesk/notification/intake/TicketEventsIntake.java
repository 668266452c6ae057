package io.helpdesk.notification.intake;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.notification.delivery.DeliveryPlanner;
import io.helpdesk.platform.contracts.EventStream;
import io.helpdesk.platform.contracts.TicketEvents;
import io.helpdesk.platform.events.Received;
import io.helpdesk.platform.events.Subscription;

/** {@code events.tickets}: who hears of a ticket's change. */
@ApplicationScoped
public class TicketEventsIntake extends Subscription<TicketEvents.Payload> {

    private final DeliveryPlanner planner;

    public TicketEventsIntake(DeliveryPlanner planner) {
        this.planner = planner;
    }

    @Override
    public EventStream<TicketEvents.Payload> stream() {
        return EventStream.TICKETS;
    }

    @Override
    protected void handle(Received<TicketEvents.Payload> event) {
        planner.planTicketEvent(event);
    }
}
