package io.helpdesk.analytics.facts;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoServerException;
import com.mongodb.client.FindIterable;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndReplaceOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;

/** The {@code ticket_facts} collection: the versioned write of a fact and the reads of facts by creation time; store only. */
@ApplicationScoped
public class FactRepository implements PanacheMongoRepositoryBase<TicketFact, String> {

    public static final String COLLECTION = "ticket_facts";

    /** A versioned write: whether it replaced (or created) the fact, and the fact it replaced (null when new). */
    public record Written(boolean applied, TicketFact before) {
    }

    /**
     * Writes the fact unless one of the same or a higher version is there: idempotent (the same version
     * changes nothing) and tolerant of out-of-order delivery (an older version changes nothing). In one
     * atomic step, so of two writers of the same ticket each sees the state the other left.
     */
    public Written replaceIfNewer(TicketFact fact) {
        try {
            TicketFact before = mongoCollection().findOneAndReplace(
                    Filters.and(Filters.eq("_id", fact.id), Filters.lt("version", fact.version)), fact,
                    new FindOneAndReplaceOptions().upsert(true).returnDocument(ReturnDocument.BEFORE));
            return new Written(true, before);
        } catch (MongoServerException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                return new Written(false, null); // a newer (or the same) version is there already
            }
            throw e;
        }
    }

    /** The non-deleted facts created in {@code [from, to)}, with the fields a roll-up needs (index {@code window}). */
    public FindIterable<TicketFact> created(Instant from, Instant to) {
        return mongoCollection().find(Filters.and(Filters.eq("deleted", false), Filters.gte("createdAt", from), Filters.lt("createdAt", to)))
                .projection(Projections.exclude("tags", "customerId", "createdWeek", "createdMonth"));
    }

    /** When the first non-deleted ticket created at or after {@code from} was created (index {@code window}). */
    public Optional<Instant> firstCreatedFrom(Instant from) {
        TicketFact first = mongoCollection().find(Filters.and(Filters.eq("deleted", false), Filters.gte("createdAt", from)))
                .sort(Sorts.ascending("createdAt")).projection(Projections.include("createdAt")).limit(1).first();
        return Optional.ofNullable(first).map(f -> f.createdAt);
    }
}
