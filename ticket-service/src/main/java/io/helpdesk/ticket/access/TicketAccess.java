package io.helpdesk.ticket.access;

import io.helpdesk.platform.security.Caller;

/**
 * The ticket visibility rule as the features hanging off a ticket (attachments, watchers) need it.
 * It lives below the ticket package so that they check access without importing it: the ticket
 * package uses them (it marks their documents when a ticket is deleted or restored, and names the
 * watchers in every event).
 */
public interface TicketAccess {

    /**
     * Returns when the caller may see the ticket; a 404 problem when it does not exist, is deleted or
     * is someone else's (the same answer for each).
     */
    void requireVisible(Caller caller, String ticketId);
}
