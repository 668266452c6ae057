package io.helpdesk.analytics.rebuild;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.helpdesk.analytics.facts.FactRepository;
import io.helpdesk.analytics.facts.FactsChanged;

/** Rebuilds the projection from the ticket-service, page by page, with analytics' own SERVICE token. */
@ApplicationScoped
public class Rebuild {

    static final int PAGE = 100;

    private final TicketClient tickets;
    private final FactRepository facts;
    private final Event<FactsChanged> changes;

    public Rebuild(TicketClient tickets, FactRepository facts, Event<FactsChanged> changes) {
        this.tickets = tickets;
        this.facts = facts;
        this.changes = changes;
    }

    @Schema(name = "RebuildResult", requiredProperties = { "read", "applied" })
    public record Result(@Schema(description = "Tickets read from the ticket-service") long read,
            @Schema(description = "Of those, the ones that changed the projection") long applied) {
    }

    public Result run() {
        long read = 0;
        long applied = 0;
        for (int page = 0;; page++) {
            TicketApi.Page found = tickets.page(page, PAGE);
            for (var ticket : found.items()) {
                read++;
                if (facts.apply(ticket.snapshot())) {
                    applied++;
                }
            }
            if (found.items().size() < PAGE || read >= found.total()) {
                break;
            }
        }
        changes.fire(new FactsChanged());
        return new Result(read, applied);
    }
}
