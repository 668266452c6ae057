package io.helpdesk.chat.message;

import java.time.Instant;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;

/** A message in a room, numbered by the room's own increasing sequence. */
@MongoEntity(collection = "messages")
public class ChatMessage {

    @BsonId
    public String id;
    public String room;
    public long seq;
    public String senderId;
    public String senderRole;
    /** The sender's id for the message: sending it again returns the stored one. */
    public String clientId;
    public String text;
    /** Written by the system (ticket events), not by a person. */
    public boolean system;
    public Instant at;
}
