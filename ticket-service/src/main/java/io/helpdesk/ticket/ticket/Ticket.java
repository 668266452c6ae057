package io.helpdesk.ticket.ticket;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.codecs.pojo.annotations.BsonId;

import io.helpdesk.platform.events.Outboxed;
import io.helpdesk.platform.security.Caller;
import io.helpdesk.platform.security.Roles;
import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * A support ticket. Its conversation and its history are rows of their own ({@link TicketMessage},
 * {@link TicketChange}); the ticket counts them and keeps the text search needs, so the document stays
 * bounded. Every change is one conditional write of this document on its {@link #version}; see
 * {@link Conversation} for how the rows follow it.
 */
@MongoEntity(collection = "tickets")
public class Ticket extends Outboxed {

    public enum Status {
        OPEN, PENDING, RESOLVED, CLOSED
    }

    public enum Priority {
        LOW, NORMAL, HIGH, URGENT
    }

    @BsonId
    public String id;
    public String subject;
    public Status status;
    public Priority priority;
    /** The priority as a number (LOW 0 … URGENT 3), so lists sort by urgency. */
    public int priorityRank;
    public String category;
    public List<String> tags = new ArrayList<>();
    public String customerId;
    public String customerEmail;
    public String assigneeId;
    /** When the assignee last changed (null on tickets stored before it was kept). */
    public Instant assignedAt;
    /**
     * The assignee's version in the people directory when they were assigned: an older account event
     * read again (a rebuild, a new consumer group) does not take the ticket from them. Null while
     * unassigned and on tickets stored before it was kept.
     */
    public Long assigneeVersion;
    public Instant createdAt;
    public Instant updatedAt;
    public Instant firstResponseAt;
    public Instant resolvedAt;
    public Instant closedAt;
    public Instant slaDueAt;
    public boolean slaBreached;
    /** The first-response target: when the first public reply by staff is due, and whether it was missed. */
    public Instant firstResponseDueAt;
    public boolean firstResponseBreached;
    /** When the SLA clocks stopped (the ticket left OPEN); null while they run. See {@link SlaClock}. */
    public Instant slaPausedAt;
    /** How long the SLA clocks have been stopped in all, before the current stop (milliseconds). */
    public long slaPausedMillis;
    public boolean deleted;
    public Instant deletedAt;
    public String deletedBy;
    public long version;
    /** How many messages the conversation holds, internal notes included. */
    public int messageCount;
    /** How many of them customers see (internal notes left out). */
    public int publicMessageCount;
    /**
     * The text of the conversation that customers see, for search: the messages' text joined with
     * newlines, bounded in length so the document stays bounded (see TicketSearch).
     */
    public String searchText;
    /** The text of the internal notes, for staff searches; bounded like {@link #searchText}. */
    public String internalText;
    /**
     * How many changes the history holds. Null only on a ticket stored before messages and history had
     * collections of their own, which still embeds them until {@link LegacyConversation} moves them.
     */
    public Integer historyCount;
    /**
     * The rows this ticket's last writes added and that may not be in their collections yet: written
     * right after the ticket, then cleared (see {@link Conversation}).
     */
    public List<TicketMessage> pendingMessages = new ArrayList<>();
    public List<TicketChange> pendingChanges = new ArrayList<>();

    /**
     * The one visibility rule: admins and services see every ticket, an agent the ones assigned to
     * them and the unassigned queue, a customer their own. Chat rooms follow it too (the access
     * route); {@code TicketQueries} states the same rule as a query.
     */
    public boolean visibleTo(Caller caller) {
        return switch (caller.role()) {
            case Roles.ADMIN, Roles.SERVICE -> true;
            case Roles.AGENT -> assigneeId == null || caller.id().equals(assigneeId);
            default -> caller.id().equals(customerId);
        };
    }

    @Override
    public Object outboxId() {
        return id;
    }
}
