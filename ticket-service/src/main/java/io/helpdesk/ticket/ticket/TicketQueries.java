package io.helpdesk.ticket.ticket;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.conversions.Bson;

import com.mongodb.client.model.Filters;

import io.helpdesk.platform.people.PeopleDirectory;
import io.helpdesk.platform.security.Caller;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.web.paging.Keyset;
import io.helpdesk.ticket.storage.TicketIndexes;

/**
 * Turns list parameters into one MongoDB query, always within what the caller may see, paged by
 * cursor ({@link Keyset}). {@link #query} also tells what an index must do for the query it builds
 * ({@link Query}), so {@code TicketIndexCoverageTest} checks {@link TicketIndexes} against the very
 * queries this class sends.
 */
@ApplicationScoped
public class TicketQueries {

    /** The {@code sort} parameter: a key of {@link SortKey}, '-' first for descending. */
    public static final String SORT = "^-?(createdAt|updatedAt|priority|slaDueAt)$";

    private final TicketRepository tickets;
    private final PeopleDirectory people;
    private final TicketTextSearch search;

    public TicketQueries(TicketRepository tickets, PeopleDirectory people, TicketTextSearch search) {
        this.tickets = tickets;
        this.people = people;
        this.search = search;
    }

    /** The orders of a list: the name the route takes, the field stored, and that field of a ticket. */
    public enum SortKey {
        CREATED_AT("createdAt", "createdAt", t -> t.createdAt),
        UPDATED_AT("updatedAt", "updatedAt", t -> t.updatedAt),
        PRIORITY("priority", "priorityRank", t -> t.priorityRank),
        SLA_DUE_AT("slaDueAt", "slaDueAt", t -> t.slaDueAt);

        public final String parameter;
        public final String field;
        final Function<Ticket, Object> value;

        SortKey(String parameter, String field, Function<Ticket, Object> value) {
            this.parameter = parameter;
            this.field = field;
            this.value = value;
        }

        /** The key a {@code sort} parameter names (without its '-'); createdAt for none. */
        static SortKey of(String parameter) {
            for (SortKey key : values()) {
                if (key.parameter.equals(parameter)) {
                    return key;
                }
            }
            return CREATED_AT;
        }

        /** The order a {@code sort} parameter names in the list of tickets; {@code -createdAt} (newest first) for none. */
        public static Keyset.Order order(String sort) {
            return order(sort, false);
        }

        /**
         * The order a {@code sort} parameter names in the list of tickets or of deleted ones (each a list of
         * its own: a cursor of one is refused by the other); {@code -createdAt} (newest first) for none.
         */
        public static Keyset.Order order(String sort, boolean deleted) {
            String name = sort == null ? "-createdAt" : sort;
            boolean descending = name.startsWith("-");
            return new Keyset.Order(deleted ? "deleted-tickets" : "tickets", of(descending ? name.substring(1) : name).field,
                    descending);
        }

        static SortKey ofField(String field) {
            for (SortKey key : values()) {
                if (key.field.equals(field)) {
                    return key;
                }
            }
            throw new IllegalArgumentException(field);
        }
    }

    public record Criteria(String status, String priority, String assignee, String tag, String category,
            Instant from, Instant to, String text, String sort, boolean deleted) {
    }

    /**
     * A list query as it is sent: the caller's filter ({@code filter}, what {@code total} counts), the
     * same narrowed to the rows after the cursor ({@code page}) and the order; and what an index must do
     * for it: the fields matched by equality (an {@code $in} of a few values counts), the fields bounded
     * by a range, and whether it is a {@code $text} search. The rest of the filter (a regex, a
     * {@code $ne}) is checked on the rows the index yields.
     */
    public record Query(Bson filter, Bson page, Keyset.Order order, Set<String> equality, Set<String> range, boolean text) {
    }

    /**
     * One page of the tickets the caller may see: {@code size} rows read by their summary fields only,
     * the cursor of the next page, and the count of the whole list when {@code total} is asked for.
     */
    public TicketViews.Page list(Caller caller, Criteria criteria, String cursor, int size, boolean total) {
        Query query = query(caller, criteria, cursor, search.words());
        SortKey key = SortKey.ofField(query.order().field());
        List<Ticket> rows = tickets.list(query.page(), query.order().sort(), TicketViews.SUMMARY_FIELDS, size + 1);
        Keyset.Slice<Ticket> slice = Keyset.slice(rows, size, query.order(), key.value, t -> t.id);
        // One directory read names the whole page.
        var named = people.byIds(TicketViews.people(slice.items()));
        List<TicketViews.TicketSummary> items = slice.items().stream().map(t -> TicketViews.summary(t, caller, named)).toList();
        return new TicketViews.Page(items, slice.next(), total ? tickets.count(query.filter()) : null);
    }

    /** Which of a person's tickets a card shows: those they opened (a customer) or are assigned (staff). */
    public enum Party {
        CUSTOMER("customerId"), ASSIGNEE("assigneeId");

        final String field;

        Party(String field) {
            this.field = field;
        }
    }

    /** A person's tickets that are not closed and not deleted, whoever may see them. */
    public long countNotClosed(Party party, String personId) {
        return tickets.count(notClosed(party, personId).filter());
    }

    /** Up to {@code limit} of a person's tickets that are not closed and the caller may see, last updated first. */
    public List<Ticket> newestNotClosed(Caller caller, Party party, String personId, int limit) {
        Query query = newestNotClosed(caller, party, personId);
        return tickets.list(query.filter(), query.order().sort(), TicketViews.SUMMARY_FIELDS, limit);
    }

    /** The query of {@link #newestNotClosed(Caller, Party, String, int)}. */
    static Query newestNotClosed(Caller caller, Party party, String personId) {
        Clauses clauses = new Clauses();
        clauses.equal("deleted", Filters.eq("deleted", false));
        visible(caller, clauses);
        clauses.equal(party.field, Filters.eq(party.field, personId));
        clauses.checked(Filters.ne("status", Ticket.Status.CLOSED.name()));
        return clauses.query(SortKey.order("-updatedAt"), null);
    }

    /** The query of {@link #countNotClosed}: no order. */
    static Query notClosed(Party party, String personId) {
        Clauses clauses = new Clauses();
        clauses.equal(party.field, Filters.eq(party.field, personId));
        clauses.equal("deleted", Filters.eq("deleted", false));
        clauses.checked(Filters.ne("status", Ticket.Status.CLOSED.name()));
        return clauses.query(null, null);
    }

    /**
     * The list query for this caller and these criteria, after {@code cursor} (the first page when
     * null; a 400 problem when it is not a cursor of this order). {@code words}: the store has
     * {@code $text} and the text index (see {@link TicketTextSearch}).
     */
    static Query query(Caller caller, Criteria c, String cursor, boolean words) {
        Clauses clauses = new Clauses();
        clauses.equal("deleted", Filters.eq("deleted", c.deleted()));
        visible(caller, clauses);
        if (c.status() != null) {
            clauses.equal("status", Filters.eq("status", c.status()));
        }
        if (c.priority() != null) {
            clauses.equal("priority", Filters.eq("priority", c.priority()));
        }
        if (c.assignee() != null) {
            clauses.equal("assigneeId", Filters.eq("assigneeId", switch (c.assignee()) {
                case "none" -> null;
                case "me" -> caller.id();
                default -> c.assignee();
            }));
        }
        if (c.tag() != null) {
            clauses.equal("tags", Filters.eq("tags", c.tag()));
        }
        if (c.category() != null) {
            clauses.equal("category", Filters.eq("category", c.category()));
        }
        if (c.from() != null) {
            clauses.range("createdAt", Filters.gte("createdAt", c.from()));
        }
        if (c.to() != null) {
            clauses.range("createdAt", Filters.lt("createdAt", c.to()));
        }
        if (c.text() != null && !c.text().isBlank()) {
            search(caller, c.text(), words, clauses);
        }
        return clauses.query(SortKey.order(c.sort(), c.deleted()), cursor);
    }

    /**
     * The one visibility rule as a query (the same as {@link Ticket#visibleTo}): admins and services
     * see every ticket, an agent the ones assigned to them and the unassigned queue, a customer their own.
     */
    private static void visible(Caller caller, Clauses clauses) {
        switch (caller.role()) {
            case Roles.ADMIN, Roles.SERVICE -> {
            }
            case Roles.AGENT -> clauses.equal("assigneeId", Filters.in("assigneeId", caller.id(), null));
            default -> clauses.equal("customerId", Filters.eq("customerId", caller.id()));
        }
    }

    /**
     * The search ({@code q}). With {@code $text}, staff search by words: any of them, stemmed, in the
     * subject (weighed most), the conversation or the internal notes. Customers, and everyone where the
     * store has no {@code $text}, search literally: the text as typed, any case, within the subject or
     * the conversation; staff also within the internal notes. A customer's search never uses the text
     * index, which covers the internal notes too: their own tickets are few, and the customer index
     * bounds the scan.
     */
    private static void search(Caller caller, String text, boolean words, Clauses clauses) {
        if (words && !caller.customer()) {
            List<String> terms = TicketTextSearch.words(text);
            if (!terms.isEmpty()) {
                clauses.text(Filters.text(String.join(" ", terms)));
                return;
            }
        }
        Pattern literal = Pattern.compile(Pattern.quote(text.strip()), Pattern.CASE_INSENSITIVE);
        List<Bson> in = new ArrayList<>(List.of(Filters.regex("subject", literal), Filters.regex("searchText", literal)));
        if (!caller.customer()) {
            in.add(Filters.regex("internalText", literal));
        }
        clauses.checked(Filters.or(in));
    }

    /** A filter built a clause at a time, noting what each asks of an index. */
    private static final class Clauses {
        private final List<Bson> all = new ArrayList<>();
        private final Set<String> equality = new LinkedHashSet<>();
        private final Set<String> range = new LinkedHashSet<>();
        private boolean text;

        void equal(String field, Bson clause) {
            all.add(clause);
            equality.add(field);
        }

        void range(String field, Bson clause) {
            all.add(clause);
            range.add(field);
        }

        void text(Bson clause) {
            all.add(clause);
            text = true;
        }

        /** A clause no index is asked for: checked on the rows the index yields. */
        void checked(Bson clause) {
            all.add(clause);
        }

        Query query(Keyset.Order order, String cursor) {
            Bson filter = Filters.and(all);
            Set<String> ranges = new LinkedHashSet<>(range);
            Bson page = filter;
            if (order != null && cursor != null) {
                page = Keyset.page(filter, order, cursor);
                // The rows after the cursor: a range on the sort field.
                ranges.add(order.field());
            }
            return new Query(filter, page, order, equality, ranges, text);
        }
    }
}
