package io.helpdesk.ticket.ticket;

import java.time.Instant;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * One message of a ticket's conversation, a row of its own ({@code ticket_messages}) so the ticket
 * document stays small however long the conversation grows. See {@link Conversation} for how the rows
 * stay consistent with the ticket.
 */
@MongoEntity(collection = "ticket_messages")
public class TicketMessage {

    /** {@code <ticketId>:<seq>}: whoever writes the row for this place in the conversation writes the same one. */
    @BsonId
    public String id;
    public String ticketId;
    /** The message's place in the conversation: 1, 2, … (internal notes counted). */
    public int seq;
    /**
     * A public message's place among the public ones: 1, 2, … (null on internal notes). Customers page by it,
     * so nothing they receive tells whether or where internal notes lie between their messages.
     */
    public Integer publicSeq;
    /** The id the API and the events show. */
    public String messageId;
    public String senderId;
    public String senderRole;
    public String text;
    public boolean internal;
    public Instant at;

    static String id(String ticketId, int seq) {
        return ticketId + ":" + seq;
    }
}
