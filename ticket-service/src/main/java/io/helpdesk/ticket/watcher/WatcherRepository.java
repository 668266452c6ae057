package io.helpdesk.ticket.watcher;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.bson.Document;
import org.bson.codecs.pojo.annotations.BsonId;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.helpdesk.ticket.storage.TicketIndexes;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.mongodb.panache.common.MongoEntity;
import io.quarkus.runtime.StartupEvent;

/** Who watches which ticket: a junction collection, one document per (ticket, user). */
@ApplicationScoped
public class WatcherRepository implements PanacheMongoRepositoryBase<WatcherRepository.Watcher, String> {

    @MongoEntity(collection = "ticket_watchers")
    public static class Watcher {
        /** {@code ticketId:userId}, which makes watching twice impossible. */
        @BsonId
        public String id;
        public String ticketId;
        public String userId;
        public String addedBy;
        public Instant addedAt;
        /** Set while the ticket is deleted, cleared when it is restored. */
        public boolean ticketDeleted;
    }

    /** Its indexes, as {@link TicketIndexes#WATCHERS} declares them. */
    void indexes(@Observes StartupEvent started) {
        mongoCollection().createIndexes(TicketIndexes.WATCHERS);
    }

    /** The filter of {@link #watcherIds}: the ticket's watchers while it is not deleted. */
    public static Document activeFilter(String ticketId) {
        return new Document("ticketId", ticketId).append("ticketDeleted", false);
    }

    /** The filter of {@link #of} and {@link #markDeleted}: every watcher of the ticket. */
    public static Document ticketFilter(String ticketId) {
        return new Document("ticketId", ticketId);
    }

    public List<String> watcherIds(String ticketId) {
        return list(activeFilter(ticketId)).stream().map(w -> w.userId).toList();
    }

    public List<Watcher> of(String ticketId) {
        return list(ticketFilter(ticketId));
    }

    /** True when the user was not watching yet. */
    public boolean add(String ticketId, String userId, String addedBy) {
        Watcher watcher = new Watcher();
        watcher.id = ticketId + ":" + userId;
        watcher.ticketId = ticketId;
        watcher.userId = userId;
        watcher.addedBy = addedBy;
        watcher.addedAt = Instant.now();
        return mongoCollection().replaceOne(Filters.eq("_id", watcher.id), watcher,
                new com.mongodb.client.model.ReplaceOptions().upsert(true)).getMatchedCount() == 0;
    }

    public boolean remove(String ticketId, String userId) {
        return deleteById(ticketId + ":" + userId);
    }

    public void markDeleted(String ticketId, boolean deleted) {
        mongoCollection().updateMany(ticketFilter(ticketId), Updates.set("ticketDeleted", deleted));
    }
}
