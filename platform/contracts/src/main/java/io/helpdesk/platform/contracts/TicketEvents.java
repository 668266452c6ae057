package io.helpdesk.platform.contracts;

import java.time.Instant;
import java.util.List;

/**
 * The events of {@link Channels#TICKETS_STREAM}: every one carries the ticket as it is after the
 * change, so a consumer (analytics projection, notifications, chat) needs nothing else. Their type
 * names are the {@code TICKET_*} constants of {@link EventType}.
 */
public final class TicketEvents {

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
            long version,
            Instant firstResponseDueAt,
            boolean firstResponseBreached) {
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
     * @param slaTarget      for {@link EventType#TICKET_SLA_BREACHED}: {@code FIRST_RESPONSE} or {@code RESOLUTION}
     * @param reason         why the change happened when no person made it, e.g. {@code ASSIGNEE_DISABLED}
     *                       on an assignment the system undid
     */
    public record Payload(TicketSnapshot ticket, String previousStatus, String previousAssigneeId, Message message,
            List<String> watcherIds, String slaTarget, String reason) {

        public Payload(TicketSnapshot ticket, String previousStatus, String previousAssigneeId, Message message,
                List<String> watcherIds) {
            this(ticket, previousStatus, previousAssigneeId, message, watcherIds, null, null);
        }
    }
}
