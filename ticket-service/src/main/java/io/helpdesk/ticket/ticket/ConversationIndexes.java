package io.helpdesk.ticket.ticket;

import java.util.List;

import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

/**
 * The indexes of a ticket's message and history rows, created at start (see {@code ConversationIndexesTest}
 * for the query shapes each serves). Every read names one ticket and walks its rows by {@code seq}, bounded
 * by the ticket's count: a page costs the same at any depth of a long conversation.
 */
public final class ConversationIndexes {

    private ConversationIndexes() {
    }

    /** {@code ticket_messages}: staff read every message of a ticket, customers only the public ones. */
    public static final List<IndexModel> MESSAGES = List.of(
            new IndexModel(Indexes.ascending("ticketId", "seq", "_id"), new IndexOptions().name("ticket_seq")),
            new IndexModel(Indexes.ascending("ticketId", "internal", "seq", "_id"), new IndexOptions().name("ticket_public_seq")),
            // A customer's pages, by the place among the public messages alone.
            new IndexModel(Indexes.ascending("ticketId", "internal", "publicSeq"), new IndexOptions().name("ticket_public_ordinal")));

    /** {@code ticket_history}: a ticket's changes in order. */
    public static final List<IndexModel> HISTORY = List.of(
            new IndexModel(Indexes.ascending("ticketId", "seq", "_id"), new IndexOptions().name("ticket_seq")));
}
