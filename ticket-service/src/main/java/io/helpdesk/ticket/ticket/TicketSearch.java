package io.helpdesk.ticket.ticket;

/**
 * The text a ticket keeps of its conversation for search, so a search reads the ticket alone and never
 * the message rows: {@link Ticket#searchText} holds what customers see (public messages),
 * {@link Ticket#internalText} the internal notes. Each is the messages' texts in order, joined by a
 * newline, and keeps only its first {@link #MAX_CHARS} characters: a long conversation is found by what
 * it says first, and the ticket document stays bounded however many messages it gets.
 */
public final class TicketSearch {

    /** How much text of each kind a ticket keeps for search. */
    public static final int MAX_CHARS = 100_000;

    private TicketSearch() {
    }

    /** The ticket's search fields with the message added to the one its visibility says. */
    public static void add(Ticket ticket, String text, boolean internal) {
        if (internal) {
            ticket.internalText = append(ticket.internalText, text);
        } else {
            ticket.searchText = append(ticket.searchText, text);
        }
    }

    /** {@code text} after {@code kept} on a new line, the whole cut to its first {@link #MAX_CHARS} characters. */
    public static String append(String kept, String text) {
        String joined = kept == null || kept.isEmpty() ? text : kept.length() >= MAX_CHARS ? kept : kept + "\n" + text;
        return joined.length() > MAX_CHARS ? joined.substring(0, MAX_CHARS) : joined;
    }
}
