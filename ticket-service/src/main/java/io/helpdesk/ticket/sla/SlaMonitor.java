package io.helpdesk.ticket.sla;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.jboss.logging.Logger;

import io.helpdesk.ticket.ticket.Ticket;
import io.helpdesk.ticket.ticket.TicketRepository;
import io.helpdesk.ticket.ticket.TicketService;
import io.quarkus.scheduler.Scheduled;

/**
 * Finds open tickets past their SLA due time and marks each once (the optimistic version check makes
 * it once across replicas too), which sends a {@code TicketSlaBreached} event.
 */
@ApplicationScoped
public class SlaMonitor {

    private static final Logger LOG = Logger.getLogger(SlaMonitor.class);

    private final TicketRepository tickets;
    private final TicketService service;

    public SlaMonitor(TicketRepository tickets, TicketService service) {
        this.tickets = tickets;
        this.service = service;
    }

    @Scheduled(every = "${tickets.sla.check-every:60s}", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        check();
    }

    /** Marks every ticket now past its due time; returns how many this call marked. */
    public int check() {
        List<Ticket> due = tickets.list(new Document("slaBreached", false).append("deleted", false)
                .append("status", new Document("$in", List.of("OPEN", "PENDING")))
                .append("slaDueAt", new Document("$lt", Instant.now())));
        int marked = 0;
        for (Ticket ticket : due) {
            if (service.markBreached(ticket)) {
                marked++;
            }
        }
        if (marked > 0) {
            LOG.infof("%d ticket(s) passed their SLA", marked);
        }
        return marked;
    }

    @Scheduled(every = "5s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void publishPending() {
        service.publishPending();
    }
}
