package io.helpdesk.ticket.ticket;

import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

/**
 * Every index of the {@code tickets} collection, declared once and created at start-up
 * ({@link TicketRepository}, the text index by {@link TicketTextSearch}). {@code TicketIndexCoverageTest}
 * proves that one of them serves each query shape the service can send (equality, then sort, then
 * range); the README says which serves which.
 *
 * <p>Each list order ({@link TicketQueries.SortKey}, either direction, {@code _id} the tie-breaker) has
 * four indexes: every list (all of them filter on {@code deleted}), the agent queue and the assignee
 * filter ({@code assigneeId}), a customer's own tickets ({@code customerId}) and the status filter.
 * The other filters (priority, tag, category, the literal search) are checked on the rows these
 * yield. {@code createdAt} closes every key whose sort is another field, so the {@code from}/{@code to}
 * range bounds each scan without breaking its order.
 */
public final class TicketIndexes {

    /** The text index of the search ({@code q}) where the store has {@code $text}: the subject weighs most. */
    public static final IndexModel TEXT = new IndexModel(
            Indexes.compoundIndex(Indexes.text("subject"), Indexes.text("searchText"), Indexes.text("internalText")),
            new IndexOptions().name("ticket_text")
                    .weights(new Document("subject", 10).append("searchText", 3).append("internalText", 1)));

    /** The B-tree indexes of {@code tickets}. */
    public static final List<IndexModel> TICKETS = tickets();

    /**
     * Names this service gave indexes before, under keys it no longer uses: dropped at start-up so
     * they cost no writes (a name now in {@link #TICKETS} would not be created with another key).
     */
    public static final List<String> RETIRED = List.of("customer_created", "assignee_status_updated",
            "status_priority_created", "tags_created");

    private TicketIndexes() {
    }

    /** {@link #TICKETS} and {@link #TEXT}: what a store with {@code $text} holds. */
    public static List<IndexModel> all() {
        List<IndexModel> all = new ArrayList<>(TICKETS);
        all.add(TEXT);
        return all;
    }

    private static List<IndexModel> tickets() {
        List<IndexModel> indexes = new ArrayList<>();
        for (TicketQueries.SortKey key : TicketQueries.SortKey.values()) {
            indexes.add(list(key.field + "_list", key, "deleted"));
            indexes.add(list(key.field + "_queue", key, "deleted", "assigneeId"));
            indexes.add(list(key.field + "_customer", key, "customerId", "deleted"));
            indexes.add(list(key.field + "_status", key, "deleted", "status"));
        }
        // The SLA check: tickets past a due time whose target is not marked yet (SlaMonitor).
        indexes.add(new IndexModel(Indexes.ascending("slaBreached", "status", "slaDueAt"), new IndexOptions().name("sla_due")));
        indexes.add(new IndexModel(Indexes.ascending("firstResponseBreached", "status", "firstResponseDueAt"),
                new IndexOptions().name("first_response_due")));
        // Deleted tickets by when they were deleted, for a retention purge.
        indexes.add(new IndexModel(Indexes.ascending("deleted", "deletedAt"), new IndexOptions().name("deleted_at")));
        return List.copyOf(indexes);
    }

    private static IndexModel list(String name, TicketQueries.SortKey key, String... equality) {
        List<Bson> parts = new ArrayList<>();
        parts.add(Indexes.ascending(equality));
        parts.add(Indexes.descending(key.field, "_id"));
        if (!key.field.equals("createdAt")) {
            parts.add(Indexes.ascending("createdAt"));
        }
        return new IndexModel(Indexes.compoundIndex(parts), new IndexOptions().name(name));
    }
}
