package io.helpdesk.analytics.facts;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;

import org.bson.codecs.pojo.annotations.BsonId;

import io.helpdesk.platform.contracts.TicketEvents;
import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * One ticket as the reports need it: its state and timestamps, and the figures derived from them
 * (response and resolution seconds, the creation day, ISO week and month), so every report is a
 * plain aggregation.
 */
@MongoEntity(collection = "ticket_facts")
public class TicketFact {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);
    static final List<String> OPEN = List.of("OPEN", "PENDING");

    @BsonId
    public String id;
    public String status;
    public String priority;
    public String category;
    public List<String> tags = new ArrayList<>();
    public String customerId;
    public String assigneeId;
    public Instant createdAt;
    /** {@code yyyy-MM-dd}, {@code YYYY-Www} (ISO week) and {@code yyyy-MM}, all UTC. */
    public String createdDay;
    public String createdWeek;
    public String createdMonth;
    public Instant firstResponseAt;
    public Instant resolvedAt;
    public Instant closedAt;
    public Long firstResponseSeconds;
    public Long resolutionSeconds;
    public Instant slaDueAt;
    /** Marked by the ticket-service; for a ticket without a first-response target, also resolved after slaDueAt. */
    public boolean slaBreached;
    /** The first-response target; null for a ticket opened before there was one. */
    public Instant firstResponseDueAt;
    /** Marked by the ticket-service. */
    public boolean firstResponseBreached;
    public boolean open;
    public boolean resolved;
    public boolean deleted;
    /** The ticket's version this fact reflects; an event with a lower one changes nothing. */
    public long version;
    /**
     * The change to the daily roll-ups this fact's writes caused and that is not applied yet (null when
     * none): written with the fact in one conditional write, taken off (atomically) by whoever applies it.
     */
    public List<PendingCount> pendingRollup;
    /** Counts every write of this document, so a write based on a read applies only to what was read. */
    public Long rev;
    /**
     * How many times a recompute of the fact's day claimed it (carried over by every write): a roll-up
     * change taken off the fact before a claim is not put back after it, since the recompute counted
     * the fact as it then stood.
     */
    public Long claims;
    /**
     * The recompute that claimed the fact as it stands (null once any write changes it): a recompute
     * counts a fact it finds still holding its own claim as is, and claims any other again.
     */
    public String claim;

    /** One counter of a pending roll-up change: {@code n} added to {@code path} of the roll-up of {@code day}. */
    public static class PendingCount {
        public String day;
        public String path;
        public long n;

        public PendingCount() {
        }

        public PendingCount(String day, String path, long n) {
            this.day = day;
            this.path = path;
            this.n = n;
        }
    }

    /** The fact of a ticket as of its version, with the derived figures. */
    public static TicketFact of(TicketEvents.TicketSnapshot t) {
        TicketFact fact = new TicketFact();
        fact.id = t.ticketId();
        fact.status = t.status();
        fact.priority = t.priority();
        fact.category = t.category() == null ? "(none)" : t.category();
        fact.tags = t.tags() == null ? List.of() : t.tags();
        fact.customerId = t.customerId();
        fact.assigneeId = t.assigneeId();
        fact.createdAt = t.createdAt();
        fact.createdDay = DAY.format(t.createdAt());
        fact.createdMonth = MONTH.format(t.createdAt());
        var date = t.createdAt().atZone(ZoneOffset.UTC);
        fact.createdWeek = String.format("%d-W%02d", date.get(IsoFields.WEEK_BASED_YEAR), date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        fact.firstResponseAt = t.firstResponseAt();
        fact.resolvedAt = t.resolvedAt();
        fact.closedAt = t.closedAt();
        fact.firstResponseSeconds = t.firstResponseAt() == null ? null
                : Duration.between(t.createdAt(), t.firstResponseAt()).toSeconds();
        fact.resolutionSeconds = t.resolvedAt() == null ? null : Duration.between(t.createdAt(), t.resolvedAt()).toSeconds();
        fact.slaDueAt = t.slaDueAt();
        fact.firstResponseDueAt = t.firstResponseDueAt();
        if (t.firstResponseDueAt() != null) {
            // Under the two targets the ticket-service marks each breach itself, its clocks stopped while the
            // ticket waited on the customer: the times alone would count a pause as lateness.
            fact.slaBreached = t.slaBreached();
            fact.firstResponseBreached = t.firstResponseBreached();
        } else {
            // A ticket from before the targets: its resolution target never stopped, so the times tell.
            fact.slaBreached = t.slaBreached() || (t.resolvedAt() != null && t.slaDueAt() != null && t.resolvedAt().isAfter(t.slaDueAt()));
            fact.firstResponseBreached = t.firstResponseBreached();
        }
        fact.open = OPEN.contains(t.status());
        fact.resolved = t.resolvedAt() != null;
        fact.deleted = t.deleted();
        fact.version = t.version();
        return fact;
    }
}
