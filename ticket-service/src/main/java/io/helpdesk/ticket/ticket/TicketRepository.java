package io.helpdesk.ticket.ticket;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.runtime.StartupEvent;

@ApplicationScoped
public class TicketRepository implements PanacheMongoRepositoryBase<Ticket, String> {

    /**
     * The indexes behind the list queries (see the README for which query each serves). Every list
     * query filters on {@code deleted} and sorts with {@code _id} as the tie-breaker.
     */
    static final List<IndexModel> INDEXES = List.of(
            new IndexModel(Indexes.compoundIndex(Indexes.ascending("customerId", "deleted"), Indexes.descending("createdAt", "_id")),
                    new IndexOptions().name("customer_created")),
            new IndexModel(Indexes.compoundIndex(Indexes.ascending("assigneeId", "deleted", "status"), Indexes.descending("updatedAt", "_id")),
                    new IndexOptions().name("assignee_status_updated")),
            new IndexModel(Indexes.compoundIndex(Indexes.ascending("deleted", "status", "priority"), Indexes.descending("createdAt", "_id")),
                    new IndexOptions().name("status_priority_created")),
            new IndexModel(Indexes.compoundIndex(Indexes.ascending("tags", "deleted"), Indexes.descending("createdAt")),
                    new IndexOptions().name("tags_created")),
            new IndexModel(Indexes.ascending("slaBreached", "status", "slaDueAt"), new IndexOptions().name("sla_due")),
            new IndexModel(Indexes.ascending("firstResponseBreached", "status", "firstResponseDueAt"),
                    new IndexOptions().name("first_response_due")),
            new IndexModel(Indexes.ascending("deleted", "deletedAt"), new IndexOptions().name("deleted_at")));

    void indexes(@Observes StartupEvent started) {
        documents().createIndexes(INDEXES);
    }

    public MongoCollection<Document> documents() {
        return mongoCollection().withDocumentClass(Document.class);
    }

    public List<Ticket> page(Bson filter, Bson sort, int page, int size) {
        return mongoCollection().find(filter).sort(sort).skip(page * size).limit(size).into(new java.util.ArrayList<>());
    }

    public long count(Bson filter) {
        return mongoCollection().countDocuments(filter);
    }

    /**
     * The tickets assigned to this person that are neither closed nor deleted, with what tells when and
     * on which account they were assigned (id, assignee, assignedAt, assigneeVersion, createdAt, history).
     */
    public List<Ticket> assignedNotClosed(String assigneeId) {
        return mongoCollection().find(Filters.and(Filters.eq("assigneeId", assigneeId), Filters.eq("deleted", false),
                Filters.ne("status", Ticket.Status.CLOSED.name())))
                .projection(Projections.include("assigneeId", "assignedAt", "assigneeVersion", "createdAt", "history"))
                .into(new java.util.ArrayList<>());
    }
}
