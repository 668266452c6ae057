package io.helpdesk.chat.message;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;

/** A room's message counter: the last sequence handed out. */
@MongoEntity(collection = "room_sequences")
public class RoomSequence {
    /** The room id. */
    @BsonId
    public String id;
    public long seq;
}
