package io.helpdesk.ticket;

import java.util.Date;
import java.util.List;

import org.bson.Document;

/**
 * A ticket document as the earlier version stored it, with its conversation and history embedded
 * ({@code messages}, {@code history}), to be written straight into the store: what the conversation
 * move ({@code LegacyConversation}, {@code ConversationMigration}) starts from.
 */
final class LegacyTickets {

    private LegacyTickets() {
    }

    /** An open, normal-priority ticket of the customer created (and last updated) at {@code created}, not assigned. */
    static Document ticket(String id, String subject, String customerId, Date created, long version, List<Document> messages,
            List<Document> history) {
        return new Document("_id", id).append("subject", subject).append("status", "OPEN")
                .append("priority", "NORMAL").append("priorityRank", 1).append("tags", List.of())
                .append("customerId", customerId)
                .append("createdAt", created).append("updatedAt", created).append("slaDueAt", created)
                .append("firstResponseDueAt", created).append("slaBreached", false).append("firstResponseBreached", false)
                .append("slaPausedMillis", 0L).append("deleted", false).append("version", version)
                .append("messages", messages).append("history", history).append("outbox", List.of());
    }
}
