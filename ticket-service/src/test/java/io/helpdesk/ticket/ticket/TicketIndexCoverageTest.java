package io.helpdesk.ticket.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import com.mongodb.client.model.IndexModel;

import io.helpdesk.platform.events.OutboxRelay;
import io.helpdesk.platform.security.Caller;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.index.IndexCoverage;
import io.helpdesk.platform.testing.index.QueryShape;
import io.helpdesk.platform.web.paging.Keyset;
import io.helpdesk.ticket.storage.TicketIndexes;

/**
 * Every query the service sends to {@code tickets} has a declared index that serves it (equality, then
 * sort, then range), so a page stays an index range scan at a million tickets. The list's shapes come
 * from {@link TicketQueries#query} itself, for every combination the route can produce: each role,
 * each subset of the filters, both lists (deleted or not), every sort in both directions and the
 * default, the first page and a later one (a cursor), the store with {@code $text} and without.
 * The MongoDB-wire stand-in ignores secondary indexes, so this reasoning is the proof here; under
 * compose, {@code explain("queryPlanner")} shows the same (ticket-service README).
 */
class TicketIndexCoverageTest {

    private static final List<String> ROLES = List.of(Roles.ADMIN, Roles.SERVICE, Roles.AGENT, Roles.CUSTOMER);
    private static final List<String> FILTERS = List.of("status", "priority", "assignee", "tag", "category", "from", "to", "q");

    /** Every list query the route can send, by name, one per distinct shape. */
    static Map<String, Shaped> listShapes() {
        Map<String, Shaped> shapes = new LinkedHashMap<>();
        List<String> sorts = new ArrayList<>(List.of(""));
        for (TicketQueries.SortKey key : TicketQueries.SortKey.values()) {
            sorts.add(key.parameter);
            sorts.add("-" + key.parameter);
        }
        for (String role : ROLES) {
            Caller caller = Caller.acting("u-1", role);
            for (int subset = 0; subset < 1 << FILTERS.size(); subset++) {
                for (boolean deleted : new boolean[] { false, true }) {
                    for (String sort : sorts) {
                        for (boolean later : new boolean[] { false, true }) {
                            for (boolean words : new boolean[] { false, true }) {
                                TicketQueries.Criteria criteria = criteria(subset, deleted, sort.isEmpty() ? null : sort);
                                Keyset.Order order = TicketQueries.SortKey.order(criteria.sort(), deleted);
                                String cursor = later ? Keyset.encode(order, new Keyset.Position(new Date(), "t-1")) : null;
                                TicketQueries.Query query = TicketQueries.query(caller, criteria, cursor, words);
                                String name = role + " " + describe(subset) + (deleted ? " deleted" : "") + " sort="
                                        + (sort.isEmpty() ? "(default)" : sort) + (later ? " after a cursor" : "")
                                        + (words ? " ($text store)" : "");
                                shapes.putIfAbsent(key(query), new Shaped(name, role, subset, query));
                            }
                        }
                    }
                }
            }
        }
        return shapes;
    }

    record Shaped(String name, String role, int subset, TicketQueries.Query query) {
        QueryShape shape() {
            return TicketIndexCoverageTest.shape(name, query);
        }

        boolean filters(String filter) {
            return (subset & 1 << FILTERS.indexOf(filter)) != 0;
        }
    }

    private static TicketQueries.Criteria criteria(int subset, boolean deleted, String sort) {
        Predicate<String> on = filter -> (subset & 1 << FILTERS.indexOf(filter)) != 0;
        return new TicketQueries.Criteria(on.test("status") ? "OPEN" : null, on.test("priority") ? "HIGH" : null,
                on.test("assignee") ? "me" : null, on.test("tag") ? "billing" : null, on.test("category") ? "Hardware" : null,
                on.test("from") ? Instant.parse("2026-01-01T00:00:00Z") : null,
                on.test("to") ? Instant.parse("2026-02-01T00:00:00Z") : null, on.test("q") ? "printer jam" : null, sort,
                deleted);
    }

    private static String describe(int subset) {
        List<String> on = FILTERS.stream().filter(f -> (subset & 1 << FILTERS.indexOf(f)) != 0).toList();
        return on.isEmpty() ? "no filter" : String.join("+", on);
    }

    private static String key(TicketQueries.Query query) {
        return query.equality() + "|" + query.order() + "|" + query.range() + "|"
                + query.text();
    }

    static QueryShape shape(String name, TicketQueries.Query query) {
        QueryShape.Builder shape = QueryShape.named(name).equality(query.equality().toArray(String[]::new))
                .range(query.range().toArray(String[]::new));
        if (query.text()) {
            shape.text();
        }
        if (query.order() != null) {
            String direction = query.order().descending() ? "-" : "";
            shape.sort(direction + query.order().field(), direction + "_id");
        }
        return shape.build();
    }

    private static List<QueryShape> shapes(Predicate<Shaped> which) {
        return listShapes().values().stream().filter(which).map(Shaped::shape).toList();
    }

    private static List<IndexModel> named(String suffix) {
        return TicketIndexes.TICKETS.stream().filter(i -> i.getOptions().getName().endsWith(suffix)).toList();
    }

    @Test
    void everyListQueryTheRouteCanSendHasAnIndexThatServesIt() {
        List<QueryShape> all = shapes(s -> true);
        assertTrue(all.size() > 1000, "the enumeration reaches every combination: " + all.size());
        IndexCoverage.assertServed(all, TicketIndexes.all());
    }

    @Test
    void withoutTextSearchNoListQueryNeedsTheTextIndex() {
        IndexCoverage.assertServed(shapes(s -> !s.query().text()), TicketIndexes.TICKETS);
    }

    @Test
    void theAgentQueueAndTheAssigneeFilterScanOnlyThatAssigneesRows() {
        // Assigned to me or unassigned ($in of two points), newest first: the default list of every agent.
        IndexCoverage.assertServed(shapes(s -> !s.query().text()
                && (s.role().equals(Roles.AGENT) || s.filters("assignee"))), named("_queue"));
    }

    @Test
    void aCustomersListScansOnlyTheirOwnTickets() {
        IndexCoverage.assertServed(shapes(s -> s.role().equals(Roles.CUSTOMER)), named("_customer"));
    }

    @Test
    void theStatusFilterOfAdminsScansOnlyThatStatus() {
        IndexCoverage.assertServed(shapes(s -> !s.query().text() && s.filters("status")
                && (s.role().equals(Roles.ADMIN) || s.role().equals(Roles.SERVICE))), named("_status"));
    }

    @Test
    void customersNeverSearchByTheTextIndexThatCoversInternalNotes() {
        assertTrue(listShapes().values().stream().filter(s -> s.role().equals(Roles.CUSTOMER)).noneMatch(s -> s.query().text()));
        assertTrue(listShapes().values().stream().anyMatch(s -> s.query().text()));
    }

    @Test
    void theOtherQueriesOnTicketsHaveTheirIndexesToo() {
        List<QueryShape> others = new ArrayList<>();
        for (String role : ROLES) {
            for (TicketQueries.Party party : TicketQueries.Party.values()) {
                Caller caller = Caller.acting("u-1", role);
                others.add(shape("person card, " + party + " tickets newest first as " + role,
                        TicketQueries.newestNotClosed(caller, party, "p-1")));
            }
        }
        for (TicketQueries.Party party : TicketQueries.Party.values()) {
            others.add(shape("person card, count of " + party + " tickets", TicketQueries.notClosed(party, "p-1")));
        }
        // AssigneeRelease: TicketRepository.assignedNotClosed (assigneeId, deleted: false, status $ne CLOSED).
        others.add(QueryShape.named("assignee release").equality("assigneeId", "deleted").build());
        // AssigneeRelease: an earlier version's tickets of the person, moved first (historyCount $exists false is
        // checked on the rows of the prefix).
        others.addAll(io.helpdesk.platform.testing.index.FilterShapes.of("assignee release, earlier tickets",
                LegacyConversation.assignedNotMoved("p-1"), null));
        // ConversationMigration's sweep once its pass is done: the tickets saved since a time and not moved.
        for (boolean deleted : new boolean[] { false, true }) {
            others.addAll(io.helpdesk.platform.testing.index.FilterShapes.of("saved since, not moved, deleted " + deleted,
                    io.helpdesk.ticket.migration.ConversationMigration.savedSinceNotMoved(deleted, java.time.Instant.EPOCH), null));
        }
        // SlaMonitor.query, resolution: slaBreached false, status OPEN, deleted false, slaDueAt < now.
        others.add(QueryShape.named("SLA check, resolution").equality("slaBreached", "status", "deleted").range("slaDueAt")
                .build());
        // SlaMonitor.query, first response: firstResponseBreached false, status $in [OPEN, PENDING],
        // firstResponseAt null, deleted false, firstResponseDueAt < now.
        others.add(QueryShape.named("SLA check, first response")
                .equality("firstResponseBreached", "status", "firstResponseAt", "deleted").range("firstResponseDueAt").build());
        // A retention purge of tickets deleted before a time.
        others.add(QueryShape.named("deleted before").equality("deleted").range("deletedAt").build());
        IndexCoverage.assertServed(others, TicketIndexes.TICKETS);
    }

    /**
     * The sweep of {@code platform/events}' {@code OutboxRelay} over a registered collection:
     * {@code {"outbox.0": {$exists: true}}}, no sort.
     */
    static final org.bson.conversions.Bson OUTBOX_SWEEP = com.mongodb.client.model.Filters.exists(OutboxRelay.FIELD + ".0");

    @Test
    void theOutboxSweepReadsAPartialIndexOfThePendingDocumentsOnly() {
        IndexCoverage.assertServed(List.of(CollectionIndexCoverageTest.shape("the outbox sweep", OUTBOX_SWEEP, null)),
                List.of(TicketIndexes.OUTBOX_PENDING));
        assertTrue(TicketIndexes.TICKETS.contains(TicketIndexes.OUTBOX_PENDING));
        assertEquals(OutboxRelay.FIELD + ".0", TicketIndexes.OUTBOX_FIRST);
        // MongoDB uses a partial index only for a query whose filter implies the index's filter: here they are
        // the same. (The MongoDB-wire stand-in keeps a partial index as a plain one: harmless, it is not unique.)
        assertEquals(render(OUTBOX_SWEEP), render(TicketIndexes.OUTBOX_PENDING.getOptions().getPartialFilterExpression()));
        assertFalse(Boolean.TRUE.equals(TicketIndexes.OUTBOX_PENDING.getOptions().isUnique()));
    }

    private static org.bson.BsonDocument render(org.bson.conversions.Bson bson) {
        return bson.toBsonDocument(org.bson.BsonDocument.class, com.mongodb.MongoClientSettings.getDefaultCodecRegistry());
    }

    @Test
    void theIndexSetStaysSmall() {
        // 16 list indexes (4 orders, 4 each), the text index, the SLA check's two, deleted_at and outbox_pending.
        assertTrue(TicketIndexes.all().size() <= 21, "indexes: " + TicketIndexes.all().size());
        assertTrue(TicketIndexes.all().stream().map(i -> i.getOptions().getName()).distinct().count() == TicketIndexes.all().size());
        assertTrue(TicketIndexes.all().stream().noneMatch(i -> TicketIndexes.RETIRED.contains(i.getOptions().getName())),
                "a retired name is never reused: " + Arrays.toString(TicketIndexes.RETIRED.toArray()));
    }
}
