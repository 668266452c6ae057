package io.helpdesk.ticket.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

/**
 * Every index of this service, one list per collection, declared here only and created at start-up by the
 * collection's repository ({@code TicketRepository}, {@code TicketMessageRepository},
 * {@code TicketChangeRepository}, {@code AttachmentRepository}, {@code WatcherRepository},
 * {@code IdempotencyKeys}, {@code ImportJobRepository}; the text index by {@code TicketTextSearch}).
 * {@code TicketIndexCoverageTest} and {@code CollectionIndexCoverageTest} prove that one of them serves
 * each query shape the service can send (equality, then sort, then range); the README says which serves
 * which. Names, keys and options are those the indexes were first created with, so an upgrade rebuilds
 * nothing.
 *
 * <p>Each list order ({@link #LIST_ORDERS}: the fields of {@code TicketQueries.SortKey}, either direction,
 * {@code _id} the tie-breaker) has
 * four indexes on {@code tickets}: every list (all of them filter on {@code deleted}), the agent queue and
 * the assignee filter ({@code assigneeId}), a customer's own tickets ({@code customerId}) and the status
 * filter. The other filters (priority, tag, category, the literal search) are checked on the rows these
 * yield. {@code createdAt} closes every key whose sort is another field, so the {@code from}/{@code to}
 * range bounds each scan without breaking its order.
 */
public final class TicketIndexes {

    /**
     * The fields the ticket lists sort by ({@code TicketQueries.SortKey}): declared here so this class
     * depends on no other package of the service (every repository reads its indexes from it);
     * {@code TicketIndexCoverageTest} fails when a sort key has no indexes.
     */
    public static final List<String> LIST_ORDERS = List.of("createdAt", "updatedAt", "priorityRank", "slaDueAt");


    /** The text index of the search ({@code q}) where the store has {@code $text}: the subject weighs most. */
    public static final IndexModel TEXT = new IndexModel(
            Indexes.compoundIndex(Indexes.text("subject"), Indexes.text("searchText"), Indexes.text("internalText")),
            new IndexOptions().name("ticket_text")
                    .weights(new Document("subject", 10).append("searchText", 3).append("internalText", 1)));

    /** The first entry of a document's outbox ({@code OutboxRelay.FIELD}, the test checks they agree). */
    public static final String OUTBOX_FIRST = "outbox.0";

    /**
     * The documents whose outbox holds an event not published yet: what the outbox sweep of
     * {@code platform/events} asks for ({@code {"outbox.0": {$exists: true}}}, no sort), on {@code tickets}
     * and {@code import_jobs}. Partial, so it holds only those few documents (the first pending entry
     * each) and a write that empties an outbox takes its document out of it.
     */
    public static final IndexModel OUTBOX_PENDING = new IndexModel(Indexes.ascending(OUTBOX_FIRST),
            new IndexOptions().name("outbox_pending").partialFilterExpression(Filters.exists(OUTBOX_FIRST)));

    /** The B-tree indexes of {@code tickets}: the lists, the person card, the agent release, the SLA check, the outbox sweep. */
    public static final List<IndexModel> TICKETS = tickets();

    /**
     * {@code ticket_messages}: a ticket's conversation walked by {@code seq}, pages by cursor and the newest
     * (the same index backwards); staff read every message ({@code ticket_seq}), customers only the public
     * ones ({@code ticket_public_seq}, internal notes left out by the index). A page costs the same at any
     * depth of a long conversation.
     */
    public static final List<IndexModel> MESSAGES = List.of(
            new IndexModel(Indexes.ascending("ticketId", "seq", "_id"), new IndexOptions().name("ticket_seq")),
            new IndexModel(Indexes.ascending("ticketId", "internal", "seq", "_id"), new IndexOptions().name("ticket_public_seq")),
            // A customer's pages, by the place among the public messages alone (nothing about internal notes).
            new IndexModel(Indexes.ascending("ticketId", "internal", "publicSeq"), new IndexOptions().name("ticket_public_ordinal")));

    /** {@code ticket_history}: a ticket's changes in order, pages by cursor. */
    public static final List<IndexModel> HISTORY = List.of(
            new IndexModel(Indexes.ascending("ticketId", "seq", "_id"), new IndexOptions().name("ticket_seq")));

    /**
     * {@code ticket_attachments}: a ticket's attachments unless it is deleted, oldest first, and one of them
     * by id on its ticket; the soft-delete mark set on all of a ticket's attachments. An attachment is
     * otherwise read by {@code _id}.
     */
    public static final List<IndexModel> ATTACHMENTS = List.of(
            new IndexModel(Indexes.ascending("ticketId", "ticketDeleted", "uploadedAt"), new IndexOptions().name("ticket")));

    /**
     * {@code ticket_watchers}: a ticket's watchers (all of them, or those of a ticket not deleted, for the
     * notifications) and the soft-delete mark ({@code ticket}); a person's watched tickets ({@code user}).
     * One watcher is read and written by {@code _id} ({@code ticketId:userId}).
     */
    public static final List<IndexModel> WATCHERS = List.of(
            new IndexModel(Indexes.ascending("ticketId", "ticketDeleted"), new IndexOptions().name("ticket")),
            new IndexModel(Indexes.ascending("userId", "ticketDeleted"), new IndexOptions().name("user")));

    /**
     * {@code idempotency_keys}: MongoDB removes a key once its {@code expiresAt} has passed (TTL), and the
     * hourly clean-up of a store without TTL deletes by the same range. A key is read by {@code _id}.
     */
    public static final List<IndexModel> IDEMPOTENCY_KEYS = List.of(
            new IndexModel(Indexes.ascending("expiresAt"), new IndexOptions().name("expiry").expireAfter(0L, TimeUnit.SECONDS)));

    /**
     * {@code import_jobs}: the jobs waiting for a worker or held by one whose upload is in the object store
     * ({@code status} in [QUEUED, RUNNING], {@code uploadKey} present), and the outbox sweep. A job is
     * otherwise read and written by {@code _id}.
     */
    public static final List<IndexModel> IMPORT_JOBS = List.of(
            new IndexModel(Indexes.ascending("status", "uploadKey"), new IndexOptions().name("status_upload")),
            OUTBOX_PENDING);

    /** {@code search_probe}: the one document that tells whether the store has {@code $text} ({@code TicketRepository.textFinds}). */
    public static final List<IndexModel> SEARCH_PROBE = List.of(
            new IndexModel(Indexes.text("text"), new IndexOptions().name("text_text")));

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
        for (String field : LIST_ORDERS) {
            indexes.add(list(field + "_list", field, "deleted"));
            indexes.add(list(field + "_queue", field, "deleted", "assigneeId"));
            indexes.add(list(field + "_customer", field, "customerId", "deleted"));
            indexes.add(list(field + "_status", field, "deleted", "status"));
        }
        // The SLA check: tickets past a due time whose target is not marked yet (SlaMonitor).
        indexes.add(new IndexModel(Indexes.ascending("slaBreached", "status", "slaDueAt"), new IndexOptions().name("sla_due")));
        indexes.add(new IndexModel(Indexes.ascending("firstResponseBreached", "status", "firstResponseDueAt"),
                new IndexOptions().name("first_response_due")));
        // Deleted tickets by when they were deleted, for a retention purge.
        indexes.add(new IndexModel(Indexes.ascending("deleted", "deletedAt"), new IndexOptions().name("deleted_at")));
        indexes.add(OUTBOX_PENDING);
        return List.copyOf(indexes);
    }

    private static IndexModel list(String name, String field, String... equality) {
        List<Bson> parts = new ArrayList<>();
        parts.add(Indexes.ascending(equality));
        parts.add(Indexes.descending(field, "_id"));
        if (!field.equals("createdAt")) {
            parts.add(Indexes.ascending("createdAt"));
        }
        return new IndexModel(Indexes.compoundIndex(parts), new IndexOptions().name(name));
    }
}
