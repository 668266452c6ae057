package io.helpdesk.chat.message;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;

/** The {@code room_sequences} collection: one atomic counter per room. */
@ApplicationScoped
public class RoomSequenceRepository implements PanacheMongoRepositoryBase<RoomSequence, String> {

    /** The room's next sequence (1 for its first message), counted atomically across instances. */
    public long next(String room) {
        Document counter = mongoCollection().withDocumentClass(Document.class).findOneAndUpdate(
                new Document("_id", room), new Document("$inc", new Document("seq", 1L)),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return ((Number) counter.get("seq")).longValue();
    }
}
