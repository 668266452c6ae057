package io.helpdesk.chat.message;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.bson.Document;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.runtime.StartupEvent;

/** Persists messages with a per-room sequence; the same (room, sender, client id) is stored once. */
@ApplicationScoped
public class MessageStore implements PanacheMongoRepositoryBase<ChatMessage, String> {

    void indexes(@Observes StartupEvent started) {
        mongoCollection().createIndex(Indexes.ascending("room", "seq"), new IndexOptions().unique(true).name("room_seq"));
        mongoCollection().createIndex(Indexes.ascending("room", "senderId", "clientId"),
                new IndexOptions().unique(true).name("dedupe"));
    }

    public record Stored(ChatMessage message, boolean duplicate) {
    }

    public Stored append(String room, String senderId, String senderRole, String clientId, String text, boolean system) {
        if (clientId != null) {
            ChatMessage existing = find("room = ?1 and senderId = ?2 and clientId = ?3", room, senderId, clientId).firstResult();
            if (existing != null) {
                return new Stored(existing, true);
            }
        }
        ChatMessage message = new ChatMessage();
        message.id = UUID.randomUUID().toString();
        message.room = room;
        message.seq = nextSeq(room);
        message.senderId = senderId;
        message.senderRole = senderRole;
        message.clientId = clientId == null ? message.id : clientId;
        message.text = text;
        message.system = system;
        message.at = Instant.now();
        try {
            persist(message);
            return new Stored(message, false);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY && clientId != null) {
                // The same client id raced itself: the first one stored wins.
                return new Stored(find("room = ?1 and senderId = ?2 and clientId = ?3", room, senderId, clientId)
                        .firstResult(), true);
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

    private long nextSeq(String room) {
        Document counter = mongoDatabase().getCollection("room_sequences").findOneAndUpdate(
                new Document("_id", room), new Document("$inc", new Document("seq", 1L)),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return ((Number) counter.get("seq")).longValue();
    }
}
