package io.helpdesk.notification.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.helpdesk.notification.config.NotificationConfig;
import io.helpdesk.notification.directory.Recipient;
import io.helpdesk.notification.directory.RecipientDirectory;
import io.helpdesk.platform.contracts.TicketEvents;
import io.quarkus.scheduler.Scheduled;

/**
 * New tickets as a digest ({@code notifications.team.new-tickets=digest}): each ticket waits in MongoDB
 * for every team member (so a restart loses nothing), and once per period each member with something
 * waiting gets one mail listing it.
 *
 * <p>Periods are aligned to the clock ({@code epoch millis / period}); the digest of a member and period
 * has one delivery id, so when several replicas tick in the same period only the first one's insert
 * succeeds and only it sends, and marks the items it listed as sent (kept a while, so a redelivered
 * {@code TicketCreated} queues them no second time). A replica that dies between planning and marking
 * sends them again next period rather than losing them.
 */
@ApplicationScoped
public class TeamDigest {

    private static final Logger LOG = Logger.getLogger(TeamDigest.class);
    static final String TEMPLATE = "team-digest";

    private final DigestItemRepository items;
    private final DeliveryRepository deliveries;
    private final RecipientDirectory directory;
    private final NotificationConfig config;

    public TeamDigest(DigestItemRepository items, DeliveryRepository deliveries, RecipientDirectory directory,
            NotificationConfig config) {
        this.items = items;
        this.deliveries = deliveries;
        this.directory = directory;
        this.config = config;
    }

    /** Puts a new ticket on the next digest of each member. */
    void queue(TicketEvents.TicketSnapshot ticket, List<Recipient> members) {
        Instant now = Instant.now();
        for (Recipient member : members) {
            DigestItem item = new DigestItem();
            item.id = ticket.ticketId() + ":" + member.id;
            item.userId = member.id;
            item.ticketId = ticket.ticketId();
            item.subject = ticket.subject();
            item.priority = ticket.priority();
            item.customerId = ticket.customerId();
            item.queuedAt = now;
            items.queue(item);
        }
    }

    @Scheduled(every = "${notifications.team.digest-every}", delayed = "${notifications.team.digest-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        sendDue(Instant.now());
    }

    /** Plans the digest of the period {@code now} falls in for every member with something waiting; returns how many. */
    public int sendDue(Instant now) {
        long period = now.toEpochMilli() / config.team().digestEvery().toMillis();
        int planned = 0;
        for (String userId : items.waitingMembers()) {
            List<DigestItem> waiting = items.waitingFor(userId);
            if (waiting.isEmpty()) {
                continue;
            }
            List<String> ids = waiting.stream().map(item -> item.id).toList();
            if (!directory.onTeam(userId)) {
                items.remove(ids); // disabled, deleted or no longer staff since the tickets came in
                continue;
            }
            if (deliveries.plan(digest(userId, period, waiting))) {
                items.markSent(ids, Instant.now());
                planned++;
            }
            // Otherwise another replica planned this member's digest of the period first and marks what it
            // listed; anything that came in since waits for the next period.
        }
        if (planned > 0) {
            LOG.infof("Planned %d team digests for period %d", planned, period);
        }
        return planned;
    }

    private static Delivery digest(String userId, long period, List<DigestItem> waiting) {
        List<Map<String, Object>> tickets = new ArrayList<>();
        for (DigestItem item : waiting) {
            Map<String, Object> ticket = new LinkedHashMap<>();
            ticket.put("ticketId", item.ticketId);
            ticket.put("subject", item.subject);
            ticket.put("priority", item.priority);
            ticket.put("customerId", item.customerId);
            tickets.add(ticket);
        }
        Delivery delivery = new Delivery();
        delivery.eventId = "digest:" + period;
        delivery.id = delivery.eventId + ":" + userId + ":" + Delivery.Channel.EMAIL;
        delivery.template = TEMPLATE;
        delivery.userId = userId;
        delivery.channel = Delivery.Channel.EMAIL;
        delivery.values = new LinkedHashMap<>(Map.of("count", tickets.size(), "tickets", tickets));
        delivery.status = Delivery.Status.QUEUED;
        delivery.createdAt = Instant.now();
        delivery.nextAttemptAt = delivery.createdAt;
        return delivery;
    }
}
