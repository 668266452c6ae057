package io.helpdesk.ticket.sla;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

import io.helpdesk.platform.jobs.Attempts;
import io.helpdesk.platform.logging.ThrottledLog;
import io.helpdesk.ticket.ticket.SlaClock;
import io.helpdesk.ticket.ticket.Ticket;
import io.helpdesk.ticket.ticket.TicketRepository;
import io.helpdesk.ticket.ticket.TicketService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;

/**
 * Finds tickets past a due time whose clock runs and marks each target once (the optimistic version
 * check makes it once across replicas too): the first response ({@code firstResponseDueAt}, OPEN or
 * PENDING while no public staff reply came) and the resolution ({@code slaDueAt}, OPEN), each with its
 * own {@code TicketSlaBreached} event naming the target in {@code slaTarget}. A target whose clock
 * stopped is not marked here: the status change that stopped it marked it if it was past due; see
 * {@link SlaClock}.
 *
 * <p>Each ticket is read and marked on its own: one that cannot be (a document the code cannot read,
 * a write that keeps failing) counts an attempt in its {@code slaCheck} field and, after
 * {@code helpdesk.jobs.max-attempts}, is left out with {@code slaCheck.status: FAILED} and the reason,
 * while every other ticket is still marked.
 */
// @Startup: the failure counter exists at 0 before the first check.
@Startup
@ApplicationScoped
public class SlaMonitor {

    private static final Logger LOG = Logger.getLogger(SlaMonitor.class);
    private static final ThrottledLog THROTTLED = ThrottledLog.of(SlaMonitor.class);
    /** The check's own record on a ticket it could not mark: {@code {attempts, failure, status, failedAt}}. */
    public static final String FIELD = "slaCheck";
    public static final String FAILED = "FAILED";

    private final TicketRepository tickets;
    private final TicketService service;
    private final Attempts attempts;
    private final Counter failures;

    public SlaMonitor(TicketRepository tickets, TicketService service, Attempts attempts, MeterRegistry metrics) {
        this.tickets = tickets;
        this.service = service;
        this.attempts = attempts;
        this.failures = Counter.builder("helpdesk.tickets.sla.failed")
                .description("Tickets the SLA check gave up marking as breached after the last attempt")
                .register(metrics);
    }

    @Scheduled(every = "${tickets.sla.check-every:60s}", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        check();
    }

    /** Marks every target now past its due time; returns how many targets this call marked. */
    public int check() {
        int marked = 0;
        for (SlaClock.Target target : SlaClock.Target.values()) {
            if (attempts.stopping()) {
                break;
            }
            marked += check(target);
        }
        return marked;
    }

    private int check(SlaClock.Target target) {
        List<Object> due = tickets.documents().find(query(target, Instant.now()))
                .projection(Projections.include("_id")).map(d -> d.get("_id")).into(new ArrayList<>());
        int marked = 0;
        for (Object id : due) {
            if (attempts.stopping()) {
                break; // the rest, and the one whose mark a stop cut short, wait for the next check
            }
            try {
                Ticket ticket = service.find((String) id).orElse(null);
                if (ticket != null && service.markBreached(ticket, target)) {
                    marked++;
                }
            } catch (RuntimeException e) {
                if (attempts.stopping()) {
                    break;
                }
                failed(id, e);
            }
        }
        if (marked > 0) {
            LOG.infof("%d ticket(s) missed their %s target", marked, target);
        }
        return marked;
    }

    /**
     * Tickets past the target's due time, its clock running, not marked yet: OPEN ones for the
     * resolution (PENDING ones wait on the customer), OPEN and PENDING unanswered ones for the first response.
     */
    static Bson query(SlaClock.Target target, Instant now) {
        boolean first = target == SlaClock.Target.FIRST_RESPONSE;
        Bson status = first ? Filters.in("status", Ticket.Status.OPEN.name(), Ticket.Status.PENDING.name())
                : Filters.eq("status", Ticket.Status.OPEN.name());
        List<Bson> filters = new ArrayList<>(List.of(Filters.eq(first ? "firstResponseBreached" : "slaBreached", false),
                status, Filters.lt(first ? "firstResponseDueAt" : "slaDueAt", now),
                Filters.eq("deleted", false), Filters.ne(FIELD + ".status", FAILED)));
        if (first) {
            filters.add(Filters.eq("firstResponseAt", null));
        }
        return Filters.and(filters);
    }

    private void failed(Object id, RuntimeException e) {
        String reason = Attempts.reason(e);
        Document after = tickets.documents().findOneAndUpdate(Filters.eq("_id", id),
                Updates.combine(Updates.inc(FIELD + ".attempts", 1), Updates.set(FIELD + ".failure", reason)),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER).projection(Projections.include(FIELD)));
        int tried = after == null ? 0 : after.get(FIELD, Document.class).getInteger("attempts", 0);
        if (attempts.exhausted(tried)) {
            tickets.documents().updateOne(Filters.eq("_id", id), Updates.combine(
                    Updates.set(FIELD + ".status", FAILED), Updates.set(FIELD + ".failedAt", new Date())));
            THROTTLED.errorf("sla-mark-failed",
                    "The SLA of ticket %s could not be marked after %d attempts; left out: %s", id, tried, reason);
            failures.increment();
        } else {
            THROTTLED.warnf("sla-mark-retried",
                    "The SLA of ticket %s could not be marked (attempt %d of %d): %s", id, tried, attempts.max(), reason);
        }
    }
}
