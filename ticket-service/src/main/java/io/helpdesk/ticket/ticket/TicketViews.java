package io.helpdesk.ticket.ticket;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.helpdesk.platform.security.Caller;

/** What callers see of tickets: no outbox, no history inline, no internal notes for customers. */
public final class TicketViews {

    private TicketViews() {
    }

    static final String SLA_PAUSED = "Whether the SLA clocks are stopped (since slaPausedAt): the ticket waits on the"
            + " customer (PENDING), or is RESOLVED or CLOSED. They run only while it is OPEN.";

    @Schema(name = "Message")
    public record MessageView(String id, String sender, String role, String text, boolean internal, Instant at) {
    }

    @Schema(name = "Ticket")
    public record TicketView(String id, String subject, String status, String priority, String category,
            List<String> tags, String customerId, String assigneeId, Instant createdAt, Instant updatedAt,
            Instant firstResponseAt, Instant resolvedAt, Instant closedAt, Instant slaDueAt, boolean slaBreached,
            boolean deleted, long version, List<MessageView> messages,
            @Schema(description = SLA_PAUSED) boolean slaPaused, Instant slaPausedAt, Instant firstResponseDueAt,
            boolean firstResponseBreached) {
    }

    @Schema(name = "TicketSummary", description = "A ticket in a list: no conversation")
    public record TicketSummary(String id, String subject, String status, String priority, String category,
            List<String> tags, String customerId, String assigneeId, Instant createdAt, Instant updatedAt,
            Instant firstResponseAt, Instant resolvedAt, Instant closedAt, Instant slaDueAt, boolean slaBreached,
            int messageCount, long version,
            @Schema(description = SLA_PAUSED) boolean slaPaused, Instant slaPausedAt, Instant firstResponseDueAt,
            boolean firstResponseBreached) {
    }

    @Schema(name = "TicketPage")
    public record Page(List<TicketSummary> items, int page, int size, long total) {
    }

    @Schema(name = "TicketChange")
    public record ChangeView(Instant at, String actorId, String actorRole, String action,
            java.util.Map<String, String> from, java.util.Map<String, String> to) {
    }

    public static TicketView view(Ticket t, Caller caller) {
        List<MessageView> messages = t.messages.stream()
                .filter(m -> !m.internal || !caller.customer())
                .map(m -> new MessageView(m.messageId, m.senderId, m.senderRole, m.text, m.internal, m.at))
                .toList();
        return new TicketView(t.id, t.subject, t.status.name(), t.priority.name(), t.category, t.tags, t.customerId,
                t.assigneeId, t.createdAt, t.updatedAt, t.firstResponseAt, t.resolvedAt, t.closedAt, t.slaDueAt,
                t.slaBreached, t.deleted, t.version, messages,
                t.slaPausedAt != null, t.slaPausedAt, t.firstResponseDueAt, t.firstResponseBreached);
    }

    public static TicketSummary summary(Ticket t, Caller caller) {
        int visible = (int) t.messages.stream().filter(m -> !m.internal || !caller.customer()).count();
        return new TicketSummary(t.id, t.subject, t.status.name(), t.priority.name(), t.category, t.tags,
                t.customerId, t.assigneeId, t.createdAt, t.updatedAt, t.firstResponseAt, t.resolvedAt, t.closedAt,
                t.slaDueAt, t.slaBreached, visible, t.version,
                t.slaPausedAt != null, t.slaPausedAt, t.firstResponseDueAt, t.firstResponseBreached);
    }
}
