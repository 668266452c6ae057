package io.helpdesk.analytics.facts;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;

import io.helpdesk.platform.contracts.TicketEvents;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.runtime.StartupEvent;

/** The {@code ticket_facts} collection: its indexes and the versioned write of a fact. */
@ApplicationScoped
public class FactRepository implements PanacheMongoRepositoryBase<TicketFact, String> {

    void indexes(@Observes StartupEvent started) {
        mongoCollection().createIndex(Indexes.ascending("deleted", "createdAt"), new IndexOptions().name("window"));
        mongoCollection().createIndex(Indexes.ascending("assigneeId", "createdAt"), new IndexOptions().name("agent"));
        mongoCollection().createIndex(Indexes.ascending("open", "deleted"), new IndexOptions().name("backlog"));
    }

    /**
     * Applies the ticket as of a version: idempotent (the same version changes nothing) and tolerant of
     * out-of-order delivery (an older version changes nothing). True when the fact changed.
     */
    public boolean apply(TicketEvents.TicketSnapshot t) {
        TicketFact fact = TicketFact.of(t);
        try {
            var result = mongoCollection().replaceOne(
                    Filters.and(Filters.eq("_id", fact.id), Filters.lt("version", fact.version)),
                    fact, new ReplaceOptions().upsert(true));
            return result.getModifiedCount() > 0 || result.getUpsertedId() != null;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false; // a newer (or the same) version is there already
            }
            throw e;
        }
    }
}
