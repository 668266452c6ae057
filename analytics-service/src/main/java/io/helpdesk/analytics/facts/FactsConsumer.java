package io.helpdesk.analytics.facts;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import io.helpdesk.platform.contracts.EventStream;
import io.helpdesk.platform.contracts.TicketEvents;
import io.helpdesk.platform.events.Received;
import io.helpdesk.platform.events.Subscription;

/**
 * Feeds {@code ticket_facts} and {@code daily_rollups} from {@code events.tickets}; after a round that changed a fact, the
 * cached reports are dropped once.
 */
@ApplicationScoped
public class FactsConsumer extends Subscription<TicketEvents.Payload> {

    private final TicketProjection projection;
    private final Event<FactsChanged> changes;
    private final AtomicInteger changedThisRound = new AtomicInteger();

    public FactsConsumer(TicketProjection projection, Event<FactsChanged> changes) {
        this.projection = projection;
        this.changes = changes;
    }

    @Override
    public EventStream<TicketEvents.Payload> stream() {
        return EventStream.TICKETS;
    }

    @Override
    protected void handle(Received<TicketEvents.Payload> event) {
        TicketEvents.TicketSnapshot ticket = event.payload().ticket();
        if (ticket == null || ticket.ticketId() == null) {
            throw new IllegalArgumentException("A ticket event without its ticket");
        }
        if (projection.apply(ticket)) {
            changedThisRound.incrementAndGet();
        }
    }

    @Override
    protected void afterRound(int handled) {
        if (changedThisRound.getAndSet(0) > 0) {
            changes.fire(new FactsChanged());
        }
    }
}
