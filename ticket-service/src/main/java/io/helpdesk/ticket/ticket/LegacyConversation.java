package io.helpdesk.ticket.ticket;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.helpdesk.platform.web.problem.ProblemException;

/**
 * Moves the conversation and the history a ticket stored before this version embeds (arrays
 * {@code messages} and {@code history}) into their collections, one ticket at a time:
 *
 * <ol>
 * <li>each entry becomes the row its place names ({@code seq} = position + 1, id {@code <ticketId>:<seq>}),
 * written over whatever that id held; unless the ticket has rows that do not start with the arrays' first
 * entry: then a replica of the earlier version saved it after it was moved (arrays with only what it added,
 * no counters), and the entries come after those rows, which stay, the counters counted from all of them;</li>
 * <li>then one conditional update of the ticket, only if its version is the one read, sets the counters,
 * the search text and {@code historyCount} (which marks it moved) and removes both arrays.</li>
 * </ol>
 *
 * A stop between the two leaves the ticket as it was (readers ignore rows it does not account for) and
 * the next move writes the same rows again. A ticket written meanwhile is read again and moved from what
 * it holds then. The service moves a ticket the moment it loads one (so the conversation of a ticket
 * not moved yet shows as before) and {@code ConversationMigration} moves the rest in the background.
 */
@ApplicationScoped
public class LegacyConversation {

    /** How often a ticket written while it is being moved is read again before the move gives up (for now). */
    private static final int ATTEMPTS = 5;

    /** When a client whose read found the ticket busy being moved tries again. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private final TicketRepository tickets;
    private final TicketMessageRepository messages;
    private final TicketChangeRepository changes;

    public LegacyConversation(TicketRepository tickets, TicketMessageRepository messages, TicketChangeRepository changes) {
        this.tickets = tickets;
        this.messages = messages;
        this.changes = changes;
    }

    /** Tickets stored before this version: their history is not counted yet. */
    public static Bson notMoved() {
        return Filters.exists("historyCount", false);
    }

    /**
     * Moves every ticket assigned to the person that is not moved yet: when an earlier ticket was assigned
     * is told by its history, which it holds until moved (then by {@code assignedAt}).
     */
    public void moveAssignedTo(String assigneeId) {
        tickets.documents().find(assignedNotMoved(assigneeId))
                .projection(com.mongodb.client.model.Projections.include("_id")).map(d -> d.getString("_id"))
                .into(new ArrayList<>()).forEach(this::move);
    }

    /**
     * The assignee's tickets not moved yet that an assignee release looks at (not deleted): served by the
     * {@code *_queue} indexes ({@code deleted}, {@code assigneeId}), the rest checked on those rows.
     */
    public static Bson assignedNotMoved(String assigneeId) {
        return Filters.and(Filters.eq("deleted", false), Filters.eq("assigneeId", assigneeId), notMoved());
    }

    /**
     * The ticket as it is once moved (itself if it already was). A ticket that kept being written while it
     * was being moved is a 503 with Retry-After: it is moved on a later read, or by the migration.
     */
    Ticket moved(Ticket ticket) {
        if (ticket.historyCount != null) {
            return ticket;
        }
        try {
            move(ticket.id);
        } catch (IllegalStateException busy) {
            throw ProblemException.unavailable("The ticket is being changed while it is brought to the current"
                    + " storage; try again in a moment.", RETRY_AFTER);
        }
        return tickets.findByIdOptional(ticket.id).orElse(ticket);
    }

    /**
     * Moves the ticket's embedded conversation and history; true when this call moved it, false when there
     * is no such ticket or it was moved already. Fails when it kept being written meanwhile.
     */
    public boolean move(String ticketId) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Document ticket = tickets.documents().find(Filters.eq("_id", ticketId)).first();
            if (ticket == null || ticket.get("historyCount") != null) {
                return false;
            }
            List<Document> embeddedMessages = ticket.getList("messages", Document.class, List.of());
            List<Document> embeddedChanges = ticket.getList("history", Document.class, List.of());
            Ticket counted = new Ticket();
            counted.id = ticketId;
            counted.historyCount = 0;
            // Rows already there that the arrays do not start with: an earlier version saved the ticket after it
            // was moved, and its arrays hold only what it added. Those come after the rows, which stay.
            boolean messagesFollow = follows(messages.documents(), ticketId, embeddedMessages,
                    first -> first.getString("messageId"), first -> firstIds(ticketId, first));
            boolean changesFollow = follows(changes.documents(), ticketId, embeddedChanges,
                    LegacyConversation::changeKey, first -> List.of(changeKey(first)));
            if (messagesFollow) {
                countRows(counted, ticketId);
            }
            if (changesFollow) {
                counted.historyCount = maxSeq(changes.documents(), ticketId);
            }
            List<TicketMessage> messageRows = new ArrayList<>();
            for (Document embedded : embeddedMessages) {
                messageRows.add(Conversation.append(counted, message(ticketId, embedded, counted.publicMessageCount,
                        counted.messageCount - counted.publicMessageCount)));
            }
            List<TicketChange> changeRows = new ArrayList<>();
            for (Document embedded : embeddedChanges) {
                changeRows.add(Conversation.record(counted, change(embedded)));
            }
            messages.write(messageRows);
            changes.write(changeRows);
            List<Bson> set = new ArrayList<>(List.of(Updates.set("messageCount", counted.messageCount),
                    Updates.set("publicMessageCount", counted.publicMessageCount),
                    Updates.set("searchText", counted.searchText), Updates.set("internalText", counted.internalText),
                    Updates.set("historyCount", counted.historyCount),
                    Updates.set("pendingMessages", List.of()), Updates.set("pendingChanges", List.of()),
                    Updates.unset("messages"), Updates.unset("history")));
            // When the assignee got the ticket was read from its history until now; kept where it is not stored.
            if (ticket.get("assigneeId") != null && ticket.get("assignedAt") == null) {
                lastAssigned(changeRows).ifPresent(at -> set.add(Updates.set("assignedAt", Date.from(at))));
            }
            Bson unchanged = Filters.and(Filters.eq("_id", ticketId), notMoved(),
                    ticket.containsKey("version") ? Filters.eq("version", ticket.get("version")) : Filters.exists("version", false));
            if (tickets.documents().updateOne(unchanged, Updates.combine(set)).getMatchedCount() > 0) {
                return true;
            }
        }
        throw new IllegalStateException("Ticket " + ticketId + " kept changing while its conversation was being moved");
    }

    /**
     * Whether the ticket's rows in {@code rows} come before the entries of {@code embedded}: there are rows, and
     * the first one is not the first entry (a move stopped half-way wrote the entries from the first, and
     * writes them again in their places).
     */
    private static boolean follows(com.mongodb.client.MongoCollection<Document> rows, String ticketId, List<Document> embedded,
            Function<Document, Object> rowKey, Function<Document, List<Object>> entryKeys) {
        Document first = rows.find(Filters.eq("ticketId", ticketId)).sort(Sorts.ascending("seq", "_id")).first();
        if (first == null) {
            return false;
        }
        return embedded.isEmpty() || first.getInteger("seq", 0) != 1 || !entryKeys.apply(embedded.get(0)).contains(rowKey.apply(first));
    }

    /**
     * The ids the row of a conversation's first entry may hold: its own, or the one derived from its place, as
     * now, or as a move stopped half-way before derived it ({@code <ticketId>:1}, the place among all messages).
     */
    private static List<Object> firstIds(String ticketId, Document first) {
        return List.of(message(ticketId, first, 0, 0).messageId,
                UUID.nameUUIDFromBytes(TicketMessage.id(ticketId, 1).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
    }

    /** The highest {@code seq} among the ticket's rows (0 without any). */
    private static int maxSeq(com.mongodb.client.MongoCollection<Document> rows, String ticketId) {
        Document last = rows.find(Filters.eq("ticketId", ticketId)).sort(Sorts.descending("seq", "_id"))
                .projection(Projections.include("seq")).first();
        return last == null ? 0 : last.getInteger("seq", 0);
    }

    /** Counts the ticket's message rows into {@code counted}: counters, search text, public places. */
    private void countRows(Ticket counted, String ticketId) {
        for (Document row : messages.documents().find(Filters.eq("ticketId", ticketId)).sort(Sorts.ascending("seq", "_id"))
                .projection(Projections.include("seq", "text", "internal", "publicSeq"))) {
            boolean internal = Boolean.TRUE.equals(row.getBoolean("internal"));
            counted.messageCount = Math.max(counted.messageCount, row.getInteger("seq", 0));
            if (!internal) {
                counted.publicMessageCount++;
                if (!Integer.valueOf(counted.publicMessageCount).equals(row.get("publicSeq"))) {
                    messages.documents().updateOne(Filters.eq("_id", row.get("_id")),
                            Updates.set("publicSeq", counted.publicMessageCount));
                }
            }
            TicketSearch.add(counted, row.getString("text") == null ? "" : row.getString("text"), internal);
        }
    }

    /**
     * Numbers the ticket's public message rows by their order among the public ones ({@code publicSeq}), where a
     * row lacks it or holds another; the same numbers however often it runs.
     */
    public void numberPublic(String ticketId) {
        countRows(new Ticket(), ticketId);
    }

    /** What tells one change of a history from another: when, who and what. */
    private static Object changeKey(Document change) {
        return List.of(String.valueOf(change.get("at")), String.valueOf(change.get("actorId")), String.valueOf(change.get("action")));
    }

    private static java.util.Optional<Instant> lastAssigned(List<TicketChange> history) {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).to.containsKey("assigneeId")) {
                return java.util.Optional.ofNullable(history.get(i).at);
            }
        }
        return java.util.Optional.empty();
    }

    /** The entry as a row, after {@code publicBefore} public messages and {@code notesBefore} internal notes. */
    private static TicketMessage message(String ticketId, Document embedded, int publicBefore, int notesBefore) {
        TicketMessage message = new TicketMessage();
        message.internal = Boolean.TRUE.equals(embedded.getBoolean("internal"));
        String id = embedded.getString("messageId");
        // An entry without an id gets one derived from its place among its own kind, the same on every move: a
        // public message's id depends on the public messages alone, so it tells a customer nothing of the notes.
        String place = ticketId + (message.internal ? ":note:" + (notesBefore + 1) : ":public:" + (publicBefore + 1));
        message.messageId = id != null ? id : UUID.nameUUIDFromBytes(place.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        message.senderId = embedded.getString("senderId");
        message.senderRole = embedded.getString("senderRole");
        message.text = embedded.getString("text") == null ? "" : embedded.getString("text");
        message.at = instant(embedded.get("at"));
        return message;
    }

    private static TicketChange change(Document embedded) {
        TicketChange change = new TicketChange();
        change.at = instant(embedded.get("at"));
        change.actorId = embedded.getString("actorId");
        change.actorRole = embedded.getString("actorRole");
        change.action = embedded.getString("action");
        change.reason = embedded.getString("reason");
        change.from = strings(embedded.get("from", Document.class));
        change.to = strings(embedded.get("to", Document.class));
        return change;
    }

    private static Map<String, String> strings(Document fields) {
        Map<String, String> values = new LinkedHashMap<>();
        if (fields != null) {
            fields.forEach((k, v) -> values.put(k, v == null ? null : v.toString()));
        }
        return values;
    }

    private static Instant instant(Object value) {
        return value instanceof Date date ? date.toInstant() : null;
    }
}
