package io.helpdesk.ticket.ticket;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * One entry of a ticket's audit trail, a row of its own ({@code ticket_history}): who did what, when,
 * and which fields moved from what to what. See {@link Conversation} for how the rows stay consistent
 * with the ticket.
 */
@MongoEntity(collection = "ticket_history")
public class TicketChange {

    /** {@code <ticketId>:<seq>}, like a message's. */
    @BsonId
    public String id;
    public String ticketId;
    /** The change's place in the history: 1, 2, … */
    public int seq;
    public Instant at;
    public String actorId;
    public String actorRole;
    public String action;
    /** Why the system made the change when no person did, e.g. {@code ASSIGNEE_DISABLED}. */
    public String reason;
    public Map<String, String> from = new LinkedHashMap<>();
    public Map<String, String> to = new LinkedHashMap<>();
}
