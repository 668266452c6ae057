package io.helpdesk.ticket.ticket;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.runtime.StartupEvent;
import io.helpdesk.ticket.storage.TicketIndexes;

/** The rows of ticket histories ({@code ticket_history}). */
@ApplicationScoped
public class TicketChangeRepository implements PanacheMongoRepositoryBase<TicketChange, String> {

    void indexes(@Observes StartupEvent started) {
        mongoCollection().createIndexes(TicketIndexes.HISTORY);
    }

    /** Writes the rows, each over whatever its id held (the same row, written again). */
    public void write(List<TicketChange> rows) {
        if (!rows.isEmpty()) {
            mongoCollection().bulkWrite(rows.stream().map(row -> new ReplaceOneModel<>(Filters.eq("_id", row.id), row,
                    new ReplaceOptions().upsert(true))).toList());
        }
    }

    public List<TicketChange> find(Bson filter, Bson sort, int limit) {
        return mongoCollection().find(filter).sort(sort).limit(limit).into(new ArrayList<>());
    }

    /** The rows as documents, for the move of an earlier version's tickets. */
    public MongoCollection<Document> documents() {
        return mongoCollection().withDocumentClass(Document.class);
    }
}
