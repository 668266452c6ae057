package io.helpdesk.ticket.ticket;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.conversions.Bson;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

import io.helpdesk.platform.people.PeopleDirectory;
import io.helpdesk.platform.security.Caller;
import io.helpdesk.platform.security.Roles;

/** Turns list parameters into one MongoDB query, always within what the caller may see. */
@ApplicationScoped
public class TicketQueries {

    private final TicketRepository tickets;
    private final PeopleDirectory people;

    public TicketQueries(TicketRepository tickets, PeopleDirectory people) {
        this.tickets = tickets;
        this.people = people;
    }

    public record Criteria(String status, String priority, String assignee, String tag, String category,
            Instant from, Instant to, String text, String sort, boolean deleted) {
    }

    public TicketViews.Page list(Caller caller, Criteria criteria, int page, int size) {
        Bson filter = filter(caller, criteria);
        List<Ticket> rows = tickets.page(filter, sort(criteria.sort()), page, size);
        // One directory read names the whole page.
        var named = people.byIds(TicketViews.people(rows));
        List<TicketViews.TicketSummary> items = rows.stream().map(t -> TicketViews.summary(t, caller, named)).toList();
        return new TicketViews.Page(items, page, size, tickets.count(filter));
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
        return tickets.count(notClosed(party, personId));
    }

    /** Up to {@code limit} of a person's tickets that are not closed and the caller may see, last updated first. */
    public List<Ticket> newestNotClosed(Caller caller, Party party, String personId, int limit) {
        Bson visible = filter(caller, new Criteria(null, null, null, null, null, null, null, null, null, false));
        return tickets.page(Filters.and(visible, notClosed(party, personId)), sort("-updatedAt"), 0, limit);
    }

    private static Bson notClosed(Party party, String personId) {
        return Filters.and(Filters.eq(party.field, personId), Filters.eq("deleted", false),
                Filters.ne("status", Ticket.Status.CLOSED.name()));
    }

    Bson filter(Caller caller, Criteria c) {
        List<Bson> all = new ArrayList<>();
        all.add(Filters.eq("deleted", c.deleted()));
        switch (caller.role()) {
            case Roles.ADMIN, Roles.SERVICE -> {
            }
            case Roles.AGENT -> all.add(Filters.or(Filters.eq("assigneeId", caller.id()), Filters.eq("assigneeId", null)));
            default -> all.add(Filters.eq("customerId", caller.id()));
        }
        if (c.status() != null) {
            all.add(Filters.eq("status", c.status()));
        }
        if (c.priority() != null) {
            all.add(Filters.eq("priority", c.priority()));
        }
        if (c.assignee() != null) {
            all.add(Filters.eq("assigneeId", switch (c.assignee()) {
                case "none" -> null;
                case "me" -> caller.id();
                default -> c.assignee();
            }));
        }
        if (c.tag() != null) {
            all.add(Filters.eq("tags", c.tag()));
        }
        if (c.category() != null) {
            all.add(Filters.eq("category", c.category()));
        }
        if (c.from() != null) {
            all.add(Filters.gte("createdAt", c.from()));
        }
        if (c.to() != null) {
            all.add(Filters.lt("createdAt", c.to()));
        }
        if (c.text() != null && !c.text().isBlank()) {
            // A literal, case-insensitive match; customers never match the text of internal notes.
            Pattern literal = Pattern.compile(Pattern.quote(c.text().strip()), Pattern.CASE_INSENSITIVE);
            all.add(caller.customer()
                    ? Filters.or(Filters.regex("subject", literal), Filters.regex("searchText", literal))
                    : Filters.or(Filters.regex("subject", literal), Filters.regex("searchText", literal),
                            Filters.regex("internalText", literal)));
        }
        return Filters.and(all);
    }

    static Bson sort(String sort) {
        String field = sort == null ? "-createdAt" : sort;
        boolean descending = field.startsWith("-");
        String name = switch (descending ? field.substring(1) : field) {
            case "updatedAt" -> "updatedAt";
            case "priority" -> "priorityRank";
            case "slaDueAt" -> "slaDueAt";
            default -> "createdAt";
        };
        return descending ? Sorts.descending(name, "_id") : Sorts.ascending(name, "_id");
    }
}
