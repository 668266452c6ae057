package io.helpdesk.ticket.ticket;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.conversions.Bson;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.helpdesk.platform.logging.ThrottledLog;
import io.helpdesk.platform.security.Caller;
import io.helpdesk.platform.web.problem.Problem;
import io.helpdesk.platform.web.problem.ProblemException;
import io.helpdesk.platform.web.paging.Keyset;

/**
 * A ticket's messages and history as rows of their own, kept consistent with the ticket without
 * transactions. The ticket's conditional write on its version is the one commit point:
 *
 * <ol>
 * <li>A change numbers its new rows from the ticket's counters ({@code seq} = {@code messageCount} or
 * {@code historyCount} + 1, id {@code <ticketId>:<seq>}), raises the counters and carries the rows in the
 * ticket's {@code pendingMessages}/{@code pendingChanges}, all in that one write. A write that loses the
 * race (409) wrote nothing, rows included.</li>
 * <li>Once it is in, the rows the ticket carries are written to their collections (each over whatever its
 * id held) and the pending lists are cleared, only if the ticket is still at that version. A later
 * write that read them carries them on and writes them too; writing a row again writes the same row.</li>
 * <li>A crash between the two leaves the rows in the ticket itself: the next read of the ticket (every
 * route and job loads it through {@code TicketService}) writes them first. Readers show only rows whose
 * {@code seq} is within the ticket's counts, so a row the ticket does not account for is never shown.</li>
 * </ol>
 *
 * Rows are written only for committed changes, so each place in the conversation has one content: two
 * writers racing for the same {@code seq} cannot leave the loser's row behind the winner's count.
 */
@ApplicationScoped
public class Conversation {
    private static final ThrottledLog THROTTLED = ThrottledLog.of(Conversation.class);

    /** How many messages a ticket's own answer shows: the newest, oldest first among them. */
    public static final int NEWEST = 20;

    /** The conversation's order: a keyset page by {@code seq}, a list of its own. */
    static final Keyset.Order BY_SEQ = Keyset.Order.ascending("ticket-messages", "seq");
    /** The history's order: oldest first, a list of its own (a cursor of the conversation is refused there). */
    static final Keyset.Order HISTORY_BY_SEQ = Keyset.Order.ascending("ticket-history", "seq");

    /** A customer's rows in conversation order: a keyset page by {@code publicSeq} (unique within the ticket). */
    static final Keyset.Order BY_PUBLIC_SEQ = Keyset.Order.ascending("ticket-messages-public", "publicSeq");

    /** The sort of a customer's page: {@code publicSeq} names one row of the ticket, so no tie to break. */
    static final Bson PUBLIC_ORDER = Sorts.ascending("publicSeq");

    /** No sort: whether any row matches. */
    static final Bson ANY_ORDER = new org.bson.BsonDocument();

    /** The newest rows first, for the ticket's own answer. */
    static final Bson NEWEST_FIRST = Sorts.descending("seq", "_id");

    private final TicketRepository tickets;
    private final TicketMessageRepository messages;
    private final TicketChangeRepository changes;
    private final LegacyConversation legacy;

    public Conversation(TicketRepository tickets, TicketMessageRepository messages, TicketChangeRepository changes,
            LegacyConversation legacy) {
        this.legacy = legacy;
        this.tickets = tickets;
        this.messages = messages;
        this.changes = changes;
    }

    /** Adds the message to the ticket: its place, the counters and the search text; its row waits in the ticket. */
    static TicketMessage append(Ticket ticket, TicketMessage message) {
        ticket.messageCount++;
        if (!message.internal) {
            ticket.publicMessageCount++;
            message.publicSeq = ticket.publicMessageCount;
        }
        message.ticketId = ticket.id;
        message.seq = ticket.messageCount;
        message.id = TicketMessage.id(ticket.id, message.seq);
        TicketSearch.add(ticket, message.text, message.internal);
        ticket.pendingMessages.add(message);
        return message;
    }

    /** Adds the change to the ticket's history: its place and the counter; its row waits in the ticket. */
    static TicketChange record(Ticket ticket, TicketChange change) {
        ticket.historyCount = (ticket.historyCount == null ? 0 : ticket.historyCount) + 1;
        change.ticketId = ticket.id;
        change.seq = ticket.historyCount;
        change.id = TicketMessage.id(ticket.id, change.seq);
        ticket.pendingChanges.add(change);
        return change;
    }

    /** Whether the ticket carries rows that may not be in their collections yet. */
    static boolean pending(Ticket ticket) {
        return !ticket.pendingMessages.isEmpty() || !ticket.pendingChanges.isEmpty();
    }

    /** For a ticket as stored: writes the rows it carries, then clears them from it unless it was written since. */
    void flush(Ticket ticket) {
        if (!pending(ticket)) {
            return;
        }
        messages.write(ticket.pendingMessages);
        changes.write(ticket.pendingChanges);
        // Unless the ticket was written since: that write carried the rows on and writes them itself.
        tickets.documents().updateOne(Filters.and(Filters.eq("_id", ticket.id), Filters.eq("version", ticket.version)),
                Updates.combine(Updates.set("pendingMessages", List.of()), Updates.set("pendingChanges", List.of())));
        ticket.pendingMessages = new ArrayList<>();
        ticket.pendingChanges = new ArrayList<>();
    }

    /**
     * {@link #flush} right after a change is in: the change stands whatever happens here, so a failure only
     * leaves the rows in the ticket for its next read to write.
     */
    void flushAfterWrite(Ticket ticket) {
        try {
            flush(ticket);
        } catch (RuntimeException e) {
            THROTTLED.warnf("conversation-rows-not-written",
                    "The rows of ticket %s version %d were not written yet (written on its next read): %s",
                    ticket.id, ticket.version, e.getMessage());
        }
    }

    /** How many messages of the ticket the caller sees. */
    static int visibleCount(Ticket ticket, Caller caller) {
        return caller.customer() ? ticket.publicMessageCount : ticket.messageCount;
    }

    /** The newest {@link #NEWEST} messages the caller sees, oldest first: one short read. */
    List<TicketMessage> newest(Ticket ticket, Caller caller) {
        TreeMap<Integer, TicketMessage> bySeq = new TreeMap<>();
        messages.find(visible(ticket, caller), NEWEST_FIRST, NEWEST).forEach(m -> bySeq.put(m.seq, m));
        // Rows of this very write whose collection write failed are still shown, from the ticket.
        ticket.pendingMessages.stream().filter(m -> !m.internal || !caller.customer()).forEach(m -> bySeq.put(m.seq, m));
        List<TicketMessage> all = new ArrayList<>(bySeq.values());
        return List.copyOf(all.subList(Math.max(0, all.size() - NEWEST), all.size()));
    }

    /** One page of the messages the caller sees, oldest first. */
    Keyset.Slice<TicketMessage> messages(Ticket ticket, Caller caller, String cursor, int size) {
        if (caller.customer()) {
            // Rows written before public messages were numbered get their numbers first (the migration does the rest).
            if (!messages.find(unnumbered(ticket), ANY_ORDER, 1).isEmpty()) {
                legacy.numberPublic(ticket.id);
            }
            return Keyset.slice(messages.find(publicPage(ticket, cursor), PUBLIC_ORDER, size + 1), size, BY_PUBLIC_SEQ,
                    m -> m.publicSeq, m -> m.publicSeq);
        }
        Bson filter = Keyset.page(visible(ticket, caller), BY_SEQ, cursor);
        return Keyset.slice(messages.find(filter, BY_SEQ.sort(), size + 1), size, BY_SEQ, m -> m.seq, m -> m.id);
    }

    /**
     * A customer's page: the public rows after the cursor by {@code publicSeq} alone. The cursor holds that
     * ordinal as both its value and its id (the row's {@code _id} would tell its {@code seq}, which counts
     * internal notes), so it is the same as it would be in the conversation without the notes.
     */
    static Bson publicPage(Ticket ticket, String cursor) {
        Bson filter = Filters.and(Filters.eq("ticketId", ticket.id), Filters.eq("internal", false),
                Filters.lte("publicSeq", ticket.publicMessageCount));
        Keyset.Position after = Keyset.decode(BY_PUBLIC_SEQ, cursor);
        if (after == null) {
            return filter;
        }
        if (!(after.value() instanceof Integer place) || !after.value().equals(after.id())) {
            throw new ProblemException(400, Problem.BLANK, null,
                    "The cursor is not one of this list: start again without one, or with the 'next' of a page of the same list.",
                    new ArrayList<>(List.of(new Problem.FieldError("cursor", "is not a cursor of this list"))), null);
        }
        return Filters.and(filter, Filters.gt("publicSeq", place));
    }

    /** The ticket's public rows without their place among the public ones (written before they were numbered). */
    static Bson unnumbered(Ticket ticket) {
        return Filters.and(Filters.eq("ticketId", ticket.id), Filters.eq("internal", false), Filters.eq("publicSeq", null));
    }

    /** One page of the ticket's history, oldest first. */
    Keyset.Slice<TicketChange> history(Ticket ticket, String cursor, int size) {
        Bson filter = Keyset.page(historyOf(ticket), HISTORY_BY_SEQ, cursor);
        return Keyset.slice(changes.find(filter, HISTORY_BY_SEQ.sort(), size + 1), size, HISTORY_BY_SEQ, c -> c.seq,
                c -> c.id);
    }

    /** The ticket's messages the caller may see and the ticket accounts for; customers never see internal notes. */
    static Bson visible(Ticket ticket, Caller caller) {
        Bson accounted = Filters.and(Filters.eq("ticketId", ticket.id), Filters.lte("seq", ticket.messageCount));
        return caller.customer() ? Filters.and(accounted, Filters.eq("internal", false)) : accounted;
    }

    /** The ticket's changes it accounts for. */
    static Bson historyOf(Ticket ticket) {
        int count = ticket.historyCount == null ? 0 : ticket.historyCount;
        return Filters.and(Filters.eq("ticketId", ticket.id), Filters.lte("seq", count));
    }
}
