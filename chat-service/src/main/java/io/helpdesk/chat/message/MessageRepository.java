package io.helpdesk.chat.message;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.conversions.Bson;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

import io.helpdesk.platform.web.paging.Keyset;
import io.helpdesk.platform.web.problem.Problem;
import io.helpdesk.platform.web.problem.ProblemException;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;

/** The {@code messages} collection: unique by (room, seq) and by (room, sender, client id). */
@ApplicationScoped
public class MessageRepository implements PanacheMongoRepositoryBase<ChatMessage, String> {

    /** The history's order: newest first, by the room's sequence. */
    public static final Keyset.Order NEWEST_FIRST = Keyset.Order.descending("chat-messages", "seq");

    /** The message a sender stored in a room under a client id; null when there is none. */
    public ChatMessage byClientId(String room, String senderId, String clientId) {
        return mongoCollection().find(byClient(room, senderId, clientId)).first();
    }

    /** The message of a room, sender and client id. */
    public static Bson byClient(String room, String senderId, String clientId) {
        return Filters.and(Filters.eq("room", room), Filters.eq("senderId", senderId), Filters.eq("clientId", clientId));
    }

    /** Inserts the message; false when a unique index already holds its key. */
    public boolean insert(ChatMessage message) {
        try {
            persist(message);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** The room's messages after a sequence (null: all of them). */
    public static Bson newerThan(String room, Long seq) {
        return seq == null ? Filters.eq("room", room) : Filters.and(Filters.eq("room", room), Filters.gt("seq", seq));
    }

    /** The room's messages before a sequence (null: all of them). */
    public static Bson olderThan(String room, Long seq) {
        return seq == null ? Filters.eq("room", room) : Filters.and(Filters.eq("room", room), Filters.lt("seq", seq));
    }

    /**
     * The room's messages after the cursor in {@link #NEWEST_FIRST}: older than the last one a page showed.
     * A sequence is unique in its room, so the order's {@code _id} tie-breaker never decides and the
     * (room, seq) index alone yields the order.
     */
    public static Bson page(String room, String cursor) {
        Keyset.Position position = Keyset.decode(NEWEST_FIRST, cursor);
        if (position != null && !(position.value() instanceof Number)) {
            throw new ProblemException(400, Problem.BLANK, null, "The cursor is not one of a room's history.",
                    List.of(new Problem.FieldError("cursor", "is not a cursor of this list")), null);
        }
        return olderThan(room, position == null ? null : ((Number) position.value()).longValue());
    }

    /** Messages after a sequence, oldest first: what a reconnecting client missed. */
    public List<ChatMessage> since(String room, long afterSeq, int limit) {
        return mongoCollection().find(newerThan(room, afterSeq)).sort(Sorts.ascending("seq")).limit(limit).into(new ArrayList<>());
    }

    /** Messages before a sequence (or the newest), returned oldest first. */
    public List<ChatMessage> before(String room, Long beforeSeq, int limit) {
        return oldestFirst(mongoCollection().find(olderThan(room, beforeSeq)).sort(Sorts.descending("seq")).limit(limit)
                .into(new ArrayList<>()));
    }

    /**
     * One page of a room's history after the cursor (from the newest when it is null), its messages
     * oldest first; its next cursor leads to older ones.
     */
    public Keyset.Slice<ChatMessage> newestPage(String room, String cursor, int size) {
        List<ChatMessage> fetched = mongoCollection().find(page(room, cursor)).sort(Sorts.descending("seq")).limit(size + 1)
                .into(new ArrayList<>());
        Keyset.Slice<ChatMessage> page = Keyset.slice(fetched, size, NEWEST_FIRST, m -> m.seq, m -> m.id);
        return new Keyset.Slice<>(oldestFirst(new ArrayList<>(page.items())), page.next());
    }

    private static List<ChatMessage> oldestFirst(List<ChatMessage> newestFirst) {
        Collections.reverse(newestFirst);
        return newestFirst;
    }
}
