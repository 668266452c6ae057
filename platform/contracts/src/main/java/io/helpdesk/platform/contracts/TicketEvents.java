package io.helpdesk.platform.contracts;

import java.time.Instant;
import java.util.List;

/**
 * The events of {@link Channels#TICKETS_STREAM}: every one carries the ticket as it is after the
 * change, so a consumer (analytics projection, notifications, chat) needs nothing else.
 */
public final class TicketEvents {

    public static final String CREATED = "TicketCreated";
    public static final String REPLIED = "TicketReplied";
    public static final String STATUS_CHANGED = "TicketStatusChanged";
    public static final String ASSIGNED = "TicketAssigned";
    public static final String UPDATED = "TicketUpdated";
    public static final String CLOSED = "TicketClosed";
    public static final String DELETED = "TicketDeleted";
    public static final String RESTORED = "TicketRestored";
    public static final String SLA_BREACHED = "TicketSlaBreached";

    private TicketEvents() {
    }

    /** The ticket after the change. */
    public record TicketSnapshot(
            String ticketId,
            String subject,
            String status,
            String priority,
            String category,
            List<String> tags,
            String customerId,
            String customerEmail,
            String assigneeId,
            Instant createdAt,
            Instant updatedAt,
            Instant firstResponseAt,
            Instant resolvedAt,
            Instant closedAt,
            Instant slaDueAt,
            boolean slaBreached,
            boolean deleted,
            long version) {
    }

    /** A message added to the conversation; internal notes are marked so customers are never told of them. */
    public record Message(String messageId, String senderId, String senderRole, String text, boolean internal,
            Instant at) {
    }

    /**
     * The payload of every ticket event.
     *
     * @param ticket         the ticket after the change
     * @param previousStatus for status changes
     * @param previousAssigneeId for assignments
     * @param message        for replies
     * @param watcherIds     who asked to be told of changes
     */
    public record Payload(TicketSnapshot ticket, String previousStatus, String previousAssigneeId, Message message,
            List<String> watcherIds) {
    }
}
