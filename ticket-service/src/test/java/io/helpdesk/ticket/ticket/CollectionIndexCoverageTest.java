package io.helpdesk.ticket.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonValue;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.IndexOptions;

import io.helpdesk.platform.security.Caller;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.index.IndexCoverage;
import io.helpdesk.platform.testing.index.QueryShape;
import io.helpdesk.platform.web.paging.Keyset;
import io.helpdesk.ticket.attachment.AttachmentRepository;
import io.helpdesk.ticket.importing.ImportJobRepository;
import io.helpdesk.ticket.watcher.WatcherRepository;
import io.helpdesk.ticket.storage.TicketIndexes;

/**
 * Every query the service makes of its collections other than the ticket lists ({@code TicketIndexCoverageTest})
 * is served by an index of {@link TicketIndexes} (equality, sort, range): the message and history rows
 * ({@link Conversation}, for every role, first pages and pages after a cursor), the attachments, the watchers,
 * the idempotency keys and the import jobs. The shapes are read off the filters and sorts the code builds, so a
 * new clause without an index fails here. A read or write by {@code _id} alone is served by the {@code _id}
 * index every collection has.
 */
class CollectionIndexCoverageTest {

    /** The index MongoDB keeps on {@code _id} of every collection. */
    private static final IndexModel ID = new IndexModel(Indexes.ascending("_id"), new IndexOptions().name("_id_"));

    private static final List<String> ROLES = List.of(Roles.CUSTOMER, Roles.AGENT, Roles.ADMIN, Roles.SERVICE);

    @Test
    void everyMessageQueryIsServedByADeclaredIndex() {
        Ticket ticket = ticket();
        List<QueryShape> shapes = new ArrayList<>();
        for (String role : ROLES) {
            Caller caller = Caller.acting("someone", role);
            Bson visible = Conversation.visible(ticket, caller);
            shapes.add(shape("messages newest " + role, visible, Conversation.NEWEST_FIRST));
            if (caller.customer()) {
                // Customers page by the place among the public messages, after numbering rows that lack it.
                shapes.add(shape("messages unnumbered " + role, Conversation.unnumbered(ticket), Conversation.ANY_ORDER));
                for (String cursor : publicCursors()) {
                    shapes.add(shape("messages page " + role + (cursor == null ? "" : " after a cursor"),
                            Conversation.publicPage(ticket, cursor), Conversation.PUBLIC_ORDER));
                }
                continue;
            }
            for (String cursor : cursors()) {
                shapes.add(shape("messages page " + role + (cursor == null ? "" : " after a cursor"),
                        Keyset.page(visible, Conversation.BY_SEQ, cursor), Conversation.BY_SEQ.sort()));
            }
        }
        assertEquals(ROLES.size() * 3 + 1, shapes.size());
        IndexCoverage.assertServed(shapes, TicketIndexes.MESSAGES);
        // Customers read by the index that skips internal notes.
        QueryShape customer = shape("customer", Conversation.visible(ticket, Caller.acting("c", Roles.CUSTOMER)),
                Conversation.BY_SEQ.sort());
        assertTrue(IndexCoverage.servedBy(customer, List.of(TicketIndexes.MESSAGES.get(1))).isPresent());
        assertEquals("ticket_public_seq", TicketIndexes.MESSAGES.get(1).getOptions().getName());
        // Their pages read by the public places alone: nothing in them depends on internal notes.
        QueryShape page = shape("customer page", Conversation.publicPage(ticket, publicCursors().get(1)), Conversation.PUBLIC_ORDER);
        assertTrue(IndexCoverage.servedBy(page, List.of(TicketIndexes.MESSAGES.get(2))).isPresent());
    }

    /** The migration's numbering of public rows walks them once, by {@code _id}, the rest checked on each row. */
    @Test
    void theNumberingWalkReadsTheRowsOnceInTheirIdOrder() {
        List<QueryShape> shapes = new ArrayList<>();
        for (String after : java.util.Arrays.asList(null, "t-1:7")) {
            shapes.addAll(io.helpdesk.platform.testing.index.FilterShapes.of("numbering walk after " + after,
                    io.helpdesk.ticket.migration.ConversationMigration.unnumberedAfter(after), com.mongodb.client.model.Sorts.ascending("_id")));
        }
        IndexCoverage.assertServed(shapes, List.of(ID));
    }

    @Test
    void everyHistoryQueryIsServedByADeclaredIndex() {
        Ticket ticket = ticket();
        List<QueryShape> shapes = new ArrayList<>();
        for (String cursor : cursors(Conversation.HISTORY_BY_SEQ)) {
            shapes.add(shape("history page" + (cursor == null ? "" : " after a cursor"),
                    Keyset.page(Conversation.historyOf(ticket), Conversation.HISTORY_BY_SEQ, cursor),
                    Conversation.HISTORY_BY_SEQ.sort()));
        }
        IndexCoverage.assertServed(shapes, TicketIndexes.HISTORY);
    }

    @Test
    void everyAttachmentQueryIsServedByADeclaredIndex() {
        List<QueryShape> shapes = List.of(
                shape("a ticket's attachments, oldest first", AttachmentRepository.visibleOfFilter("t1"),
                        AttachmentRepository.OLDEST_FIRST),
                shape("one attachment on its ticket", AttachmentRepository.visibleFilter("t1", "a1"), null),
                shape("the soft-delete mark of a ticket's attachments", AttachmentRepository.ticketFilter("t1"), null));
        IndexCoverage.assertServed(shapes, TicketIndexes.ATTACHMENTS);
        assertEquals("ticket", TicketIndexes.ATTACHMENTS.get(0).getOptions().getName());
    }

    @Test
    void everyWatcherQueryIsServedByADeclaredIndex() {
        List<QueryShape> shapes = List.of(
                shape("the watchers to notify", WatcherRepository.activeFilter("t1"), null),
                shape("a ticket's watchers, the soft-delete mark", WatcherRepository.ticketFilter("t1"), null));
        IndexCoverage.assertServed(shapes, TicketIndexes.WATCHERS.subList(0, 1));
        IndexCoverage.assertServed(List.of(shape("one watcher", Filters.eq("_id", "t1:u1"), null)), List.of(ID));
    }

    @Test
    void theIdempotencyKeysExpireByTheirIndex() {
        IndexCoverage.assertServed(List.of(shape("the hourly clean-up", IdempotencyKeys.expired(Instant.now()), null)),
                TicketIndexes.IDEMPOTENCY_KEYS);
        IndexModel expiry = TicketIndexes.IDEMPOTENCY_KEYS.get(0);
        assertEquals("expiry", expiry.getOptions().getName());
        assertEquals(0L, expiry.getOptions().getExpireAfter(java.util.concurrent.TimeUnit.SECONDS));
    }

    @Test
    void theImportQueueIsServedByADeclaredIndex() {
        IndexCoverage.assertServed(List.of(shape("jobs waiting or running", ImportJobRepository.WAITING, null)),
                TicketIndexes.IMPORT_JOBS);
        IndexCoverage.assertServed(List.of(shape("the outbox sweep of import jobs", TicketIndexCoverageTest.OUTBOX_SWEEP, null)),
                List.of(TicketIndexes.IMPORT_JOBS.get(1)));
    }

    @Test
    void everyCollectionHasItsIndexesUnderDistinctNames() {
        for (List<IndexModel> indexes : List.of(TicketIndexes.MESSAGES, TicketIndexes.HISTORY, TicketIndexes.ATTACHMENTS,
                TicketIndexes.WATCHERS, TicketIndexes.IDEMPOTENCY_KEYS, TicketIndexes.IMPORT_JOBS, TicketIndexes.SEARCH_PROBE)) {
            assertTrue(!indexes.isEmpty());
            assertEquals(indexes.size(), indexes.stream().map(i -> i.getOptions().getName()).distinct().count());
        }
    }

    @Test
    void theShapeIsReadOffTheFilterAsMongoDbWouldUseIt() {
        QueryShape read = shape("check", Filters.and(Filters.eq("a", 1), Filters.lte("b", 2),
                Filters.or(Filters.gt("c", 3), Filters.eq("d", 4))), new BsonDocument("b", new BsonInt32(-1)));
        assertEquals(Set.of("a"), read.equality());
        assertEquals(Set.of("b", "c", "d"), read.range());
        assertEquals(Map.of("b", -1), read.sort());
    }

    @Test
    void aQueryOnAnotherFieldWouldFail() {
        QueryShape bySender = shape("by sender", Filters.eq("senderId", "x"), Conversation.BY_SEQ.sort());
        assertThrows(AssertionError.class, () -> IndexCoverage.assertServed(List.of(bySender), TicketIndexes.MESSAGES));
    }

    private static Ticket ticket() {
        Ticket ticket = new Ticket();
        ticket.id = "t1";
        ticket.messageCount = 12;
        ticket.publicMessageCount = 9;
        ticket.historyCount = 7;
        return ticket;
    }

    private static List<String> cursors() {
        return cursors(Conversation.BY_SEQ);
    }

    private static List<String> cursors(Keyset.Order order) {
        List<String> cursors = new ArrayList<>();
        cursors.add(null);
        cursors.add(Keyset.encode(order, new Keyset.Position(3, "t1:3")));
        return cursors;
    }

    private static List<String> publicCursors() {
        List<String> cursors = new ArrayList<>();
        cursors.add(null);
        cursors.add(Keyset.encode(Conversation.BY_PUBLIC_SEQ, new Keyset.Position(3, 3)));
        return cursors;
    }

    /**
     * The shape of a query: fields compared by equality ({@code $eq}, {@code $in}, a plain value) at the top
     * or under {@code $and}; every field under an {@code $or} (the keyset's "after this row") and every other
     * comparison is a range.
     */
    static QueryShape shape(String name, Bson filter, Bson sort) {
        QueryShape.Builder shape = QueryShape.named(name);
        walk(render(filter), shape, false);
        if (sort != null) {
            for (Map.Entry<String, BsonValue> key : render(sort).entrySet()) {
                shape.sort((key.getValue().asNumber().intValue() < 0 ? "-" : "") + key.getKey());
            }
        }
        return shape.build();
    }

    private static void walk(BsonDocument filter, QueryShape.Builder shape, boolean inOr) {
        for (Map.Entry<String, BsonValue> clause : filter.entrySet()) {
            switch (clause.getKey()) {
                case "$and" -> clause.getValue().asArray().forEach(part -> walk(part.asDocument(), shape, inOr));
                case "$or" -> clause.getValue().asArray().forEach(part -> walk(part.asDocument(), shape, true));
                default -> {
                    BsonValue value = clause.getValue();
                    boolean operator = value.isDocument() && !value.asDocument().isEmpty()
                            && value.asDocument().getFirstKey().startsWith("$");
                    boolean equality = !operator || value.asDocument().containsKey("$eq") || value.asDocument().containsKey("$in");
                    if (equality && !inOr) {
                        shape.equality(clause.getKey());
                    } else {
                        shape.range(clause.getKey());
                    }
                }
            }
        }
    }

    private static BsonDocument render(Bson bson) {
        return bson.toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry());
    }
}
