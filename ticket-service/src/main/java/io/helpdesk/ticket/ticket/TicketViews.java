package io.helpdesk.ticket.ticket;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bson.conversions.Bson;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.mongodb.client.model.Projections;

import io.helpdesk.platform.people.Person;
import io.helpdesk.platform.security.Caller;
import io.helpdesk.platform.web.paging.CursorPaged;

/**
 * What callers see of tickets: no outbox, no history inline, no internal notes for customers. Each id
 * of a person has the person's display name beside it, from the people directory (null when the
 * person is unknown or the actor is the system); never an email address.
 */
public final class TicketViews {

    private TicketViews() {
    }

    static final String SLA_PAUSED = "Whether the resolution clock is stopped (since slaPausedAt): the ticket waits on"
            + " the customer (PENDING), or is RESOLVED or CLOSED. It runs only while the ticket is OPEN; the"
            + " first-response clock is never stopped.";

    @Schema(name = "Message")
    public record MessageView(String id, String sender, @Schema(description = NAME, nullable = true) String senderName,
            String role, String text, boolean internal, Instant at) {
    }

    @Schema(name = "Ticket")
    public record TicketView(String id, String subject, String status, String priority,
            @Schema(nullable = true) String category, List<String> tags, String customerId,
            @Schema(description = NAME, nullable = true) String customerName,
            @Schema(description = "Null while unassigned", nullable = true) String assigneeId,
            @Schema(description = NAME, nullable = true) String assigneeName, Instant createdAt, Instant updatedAt,
            @Schema(nullable = true, implementation = String.class, format = "date-time") Instant firstResponseAt,
            @Schema(nullable = true, implementation = String.class, format = "date-time") Instant resolvedAt,
            @Schema(nullable = true, implementation = String.class, format = "date-time") Instant closedAt,
            @Schema(nullable = true, implementation = String.class, format = "date-time") Instant slaDueAt,
            boolean slaBreached,
            boolean deleted, long version,
            @Schema(description = NEWEST_MESSAGES) List<MessageView> messages,
            @Schema(description = MESSAGE_COUNT) int messageCount,
            @Schema(description = SLA_PAUSED) boolean slaPaused,
            @Schema(nullable = true, implementation = String.class, format = "date-time") Instant slaPausedAt,
            @Schema(nullable = true, implementation = String.class, format = "date-time") Instant firstResponseDueAt,
            boolean firstResponseBreached) {
    }

    @Schema(name = "TicketSummary", description = "A ticket in a list: no conversation")
    public record TicketSummary(String id, String subject, String status, String priority,
            @Schema(nullable = true) String category, List<String> tags, String customerId,
            @Schema(description = NAME, nullable = true) String customerName,
            @Schema(description = "Null while unassigned", nullable = true) String assigneeId,
            @Schema(description = NAME, nullable = true) String assigneeName, Instant createdAt, Instant updatedAt,
            @Schema(nullable = true, implementation = String.class, format = "date-time") Instant firstResponseAt,
            @Schema(nullable = true, implementation = String.class, format = "date-time") Instant resolvedAt,
            @Schema(nullable = true, implementation = String.class, format = "date-time") Instant closedAt,
            @Schema(nullable = true, implementation = String.class, format = "date-time") Instant slaDueAt,
            boolean slaBreached,
            @Schema(description = "The messages the caller sees: internal notes count for staff only") int messageCount,
            long version,
            @Schema(description = SLA_PAUSED) boolean slaPaused,
            @Schema(nullable = true, implementation = String.class, format = "date-time") Instant slaPausedAt,
            @Schema(nullable = true, implementation = String.class, format = "date-time") Instant firstResponseDueAt,
            boolean firstResponseBreached) {
    }

    @Schema(name = "TicketPage")
    public record Page(List<TicketSummary> items,
            @Schema(description = CursorPaged.NEXT, nullable = true) String next,
            @Schema(description = "How many tickets the whole list holds, with total=true; null otherwise", nullable = true)
            Long total) implements CursorPaged {
    }

    /**
     * The fields a list row reads from the store, derived from {@link TicketSummary}: never the
     * conversation, the history, the outbox or the search text. The names come from the directory; the
     * row's {@code messageCount} is one of the two counters; {@code slaPaused} is told from
     * {@code slaPausedAt}; the sort fields are read for the cursor.
     */
    static final List<String> SUMMARY_FIELD_NAMES = summaryFields();
    static final Bson SUMMARY_FIELDS = Projections.include(SUMMARY_FIELD_NAMES);

    private static List<String> summaryFields() {
        Set<String> fields = new LinkedHashSet<>();
        for (RecordComponent component : TicketSummary.class.getRecordComponents()) {
            switch (component.getName()) {
                case "id" -> fields.add("_id");
                case "customerName", "assigneeName" -> {
                }
                case "messageCount" -> fields.addAll(List.of("messageCount", "publicMessageCount"));
                case "slaPaused" -> fields.add("slaPausedAt");
                default -> fields.add(component.getName());
            }
        }
        for (TicketQueries.SortKey key : TicketQueries.SortKey.values()) {
            fields.add(key.field);
        }
        return List.copyOf(fields);
    }

    @Schema(name = "TicketChange")
    public record ChangeView(Instant at,
            @Schema(description = "Who made the change: a user id, or system") String actorId,
            @Schema(description = "The actor's display name; null for the system or an unknown person", nullable = true)
            String actorName,
            String actorRole, String action,
            @Schema(description = "Why the system made the change, e.g. ASSIGNEE_DISABLED when it unassigned a ticket"
                    + " whose agent was disabled; null for changes people made", nullable = true) String reason,
            java.util.Map<String, String> from, java.util.Map<String, String> to) {
    }

    static final String NAME = "The person's display name from the people directory; null when unknown";

    static final String NEWEST_MESSAGES = "The newest messages the caller may see, at most " + Conversation.NEWEST
            + ", oldest first among them; the whole conversation is at GET /v1/ticket/{id}/messages";
    static final String MESSAGE_COUNT = "How many messages of the conversation the caller may see (customers: no internal"
            + " notes)";

    @Schema(name = "MessagePage", description = "One page of a ticket's conversation, oldest first")
    public record MessagePage(List<MessageView> items,
            @Schema(description = io.helpdesk.platform.web.paging.CursorPaged.NEXT, nullable = true) String next,
            @Schema(description = "How many messages the caller may see in all, when total=true; null otherwise",
                    nullable = true) Long total) implements io.helpdesk.platform.web.paging.CursorPaged {
    }

    @Schema(name = "TicketChangePage", description = "One page of a ticket's history, oldest first")
    public record ChangePage(List<ChangeView> items,
            @Schema(description = io.helpdesk.platform.web.paging.CursorPaged.NEXT, nullable = true) String next,
            @Schema(description = "How many changes the history holds, when total=true; null otherwise", nullable = true)
            Long total) implements io.helpdesk.platform.web.paging.CursorPaged {
    }

    /** The ticket with {@code newest}, the newest messages the caller sees (see {@link Conversation#newest}). */
    public static TicketView view(Ticket t, List<TicketMessage> newest, Caller caller, Map<String, Person> people) {
        return new TicketView(t.id, t.subject, t.status.name(), t.priority.name(), t.category, t.tags, t.customerId,
                name(people, t.customerId), t.assigneeId, name(people, t.assigneeId), t.createdAt, t.updatedAt,
                t.firstResponseAt, t.resolvedAt, t.closedAt, t.slaDueAt, t.slaBreached, t.deleted, t.version,
                messages(newest, people), Conversation.visibleCount(t, caller),
                t.slaPausedAt != null, t.slaPausedAt, t.firstResponseDueAt, t.firstResponseBreached);
    }

    public static List<MessageView> messages(List<TicketMessage> rows, Map<String, Person> people) {
        return rows.stream().map(m -> new MessageView(m.messageId, m.senderId, name(people, m.senderId), m.senderRole,
                m.text, m.internal, m.at)).toList();
    }

    public static TicketSummary summary(Ticket t, Caller caller, Map<String, Person> people) {
        int visible = caller.customer() ? t.publicMessageCount : t.messageCount;
        return new TicketSummary(t.id, t.subject, t.status.name(), t.priority.name(), t.category, t.tags,
                t.customerId, name(people, t.customerId), t.assigneeId, name(people, t.assigneeId), t.createdAt,
                t.updatedAt, t.firstResponseAt, t.resolvedAt, t.closedAt, t.slaDueAt, t.slaBreached, visible, t.version,
                t.slaPausedAt != null, t.slaPausedAt, t.firstResponseDueAt, t.firstResponseBreached);
    }

    public static List<ChangeView> history(List<TicketChange> rows, Map<String, Person> people) {
        return rows.stream().map(c -> new ChangeView(c.at, c.actorId, name(people, c.actorId), c.actorRole, c.action,
                c.reason, c.from, c.to)).toList();
    }

    /** The people a ticket's view names: its customer, its assignee and who wrote the messages it shows. */
    public static Set<String> people(Ticket t, List<TicketMessage> shown) {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(t.customerId);
        ids.add(t.assigneeId);
        shown.forEach(m -> ids.add(m.senderId));
        return ids;
    }

    /** The people a page of messages names: who wrote them. */
    public static Set<String> senders(List<TicketMessage> page) {
        Set<String> ids = new LinkedHashSet<>();
        page.forEach(m -> ids.add(m.senderId));
        return ids;
    }

    /** The people a list names: each row's customer and assignee. */
    public static Set<String> people(Collection<Ticket> page) {
        Set<String> ids = new LinkedHashSet<>();
        page.forEach(t -> {
            ids.add(t.customerId);
            ids.add(t.assigneeId);
        });
        return ids;
    }

    /** The people a page of history names: who made each change. */
    public static Set<String> actors(List<TicketChange> page) {
        Set<String> ids = new LinkedHashSet<>();
        page.forEach(c -> ids.add(c.actorId));
        return ids;
    }

    private static String name(Map<String, Person> people, String id) {
        Person person = id == null ? null : people.get(id);
        return person == null ? null : person.name;
    }
}
