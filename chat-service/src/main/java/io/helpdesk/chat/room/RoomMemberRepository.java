package io.helpdesk.chat.room;

import jakarta.enterprise.context.ApplicationScoped;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;

/** The {@code room_members} junction: who joined which room. */
@ApplicationScoped
public class RoomMemberRepository implements PanacheMongoRepositoryBase<RoomMember, String> {

    /** Inserts the member, or replaces the one with its id. */
    public void save(RoomMember member) {
        mongoCollection().replaceOne(Filters.eq("_id", member.id), member, new ReplaceOptions().upsert(true));
    }
}
