package io.helpdesk.chat.room;

import java.time.Instant;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;

/** One user in one room: a row of the {@code room_members} junction. */
@MongoEntity(collection = "room_members")
public class RoomMember {
    @BsonId
    public String id;
    public String room;
    public String userId;
    public Instant joinedAt;
}
