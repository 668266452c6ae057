package io.helpdesk.ticket.ticket;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.runtime.StartupEvent;
import io.helpdesk.ticket.storage.TicketIndexes;

@ApplicationScoped
public class TicketRepository implements PanacheMongoRepositoryBase<Ticket, String> {

    /** The collection of the one document that tells whether the store has {@code $text}. */
    static final String SEARCH_PROBE = "search_probe";

    /** The indexes of {@link TicketIndexes} (the text index is {@link TicketTextSearch}'s), and the retired ones dropped. */
    void indexes(@Observes StartupEvent started) {
        for (String retired : TicketIndexes.RETIRED) {
            try {
                documents().dropIndex(retired);
            } catch (MongoCommandException absent) {
                // Never created here, or already dropped.
            }
        }
        documents().createIndexes(TicketIndexes.TICKETS);
    }

    void createIndex(IndexModel index) {
        documents().createIndexes(List.of(index));
    }

    /**
     * Whether the store finds a document by a word with {@code $text}, asked of one document in a
     * collection of its own ({@value #SEARCH_PROBE}), written the same way by every replica. A store
     * without {@code $text} refuses the query (an exception) or, like the MongoDB-wire stand-in, reads
     * {@code $text} as a field and finds nothing.
     */
    boolean textFinds() {
        MongoCollection<Document> probe = mongoDatabase().getCollection(SEARCH_PROBE);
        probe.createIndexes(TicketIndexes.SEARCH_PROBE);
        probe.replaceOne(Filters.eq("_id", "probe"), new Document("_id", "probe").append("text", "Printers jammed"),
                new ReplaceOptions().upsert(true));
        return probe.find(Filters.text("printer")).first() != null;
    }

    public MongoCollection<Document> documents() {
        return mongoCollection().withDocumentClass(Document.class);
    }

    /** Up to {@code limit} tickets in the order, each read by the fields of the projection only. */
    public List<Ticket> list(Bson filter, Bson sort, Bson projection, int limit) {
        return mongoCollection().find(filter).projection(projection).sort(sort).limit(limit).into(new ArrayList<>());
    }

    public long count(Bson filter) {
        return mongoCollection().countDocuments(filter);
    }

    /**
     * The tickets assigned to this person that are neither closed nor deleted, with what tells when and
     * on which account they were assigned (id, assignee, assignedAt, assigneeVersion, createdAt).
     */
    public List<Ticket> assignedNotClosed(String assigneeId) {
        return mongoCollection().find(Filters.and(Filters.eq("assigneeId", assigneeId), Filters.eq("deleted", false),
                Filters.ne("status", Ticket.Status.CLOSED.name())))
                .projection(Projections.include("assigneeId", "assignedAt", "assigneeVersion", "createdAt"))
                .into(new ArrayList<>());
    }
}
