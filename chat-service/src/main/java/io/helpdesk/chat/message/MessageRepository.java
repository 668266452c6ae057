package io.helpdesk.chat.message;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.bson.Document;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.runtime.StartupEvent;

/** The {@code messages} collection: unique by (room, seq) and by (room, sender, client id). */
@ApplicationScoped
public class MessageRepository implements PanacheMongoRepositoryBase<ChatMessage, String> {

    void indexes(@Observes StartupEvent started) {
        mongoCollection().createIndex(Indexes.ascending("room", "seq"), new IndexOptions().unique(true).name("room_seq"));
        mongoCollection().createIndex(Indexes.ascending("room", "senderId", "clientId"),
                new IndexOptions().unique(true).name("dedupe"));
    }

    /** The message a sender stored in a room under a client id; null when there is none. */
    public ChatMessage byClientId(String room, String senderId, String clientId) {
        return find("room = ?1 and senderId = ?2 and clientId = ?3", room, senderId, clientId).firstResult();
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

    /** Messages after a sequence, oldest first: what a reconnecting client missed. */
    public List<ChatMessage> since(String room, long afterSeq, int limit) {
        return find(new Document("room", room).append("seq", new Document("$gt", afterSeq)), new Document("seq", 1))
                .page(0, limit).list();
    }

    /** Messages before a sequence (or the newest), returned oldest first. */
    public List<ChatMessage> before(String room, Long beforeSeq, int limit) {
        Document filter = new Document("room", room);
        if (beforeSeq != null) {
            filter.append("seq", new Document("$lt", beforeSeq));
        }
        List<ChatMessage> newestFirst = new ArrayList<>(find(filter, new Document("seq", -1)).page(0, limit).list());
        Collections.reverse(newestFirst);
        return newestFirst;
    }
}
