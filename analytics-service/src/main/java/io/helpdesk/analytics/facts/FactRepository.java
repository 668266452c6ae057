package io.helpdesk.analytics.facts;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.List;

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

@ApplicationScoped
public class FactRepository implements PanacheMongoRepositoryBase<TicketFact, String> {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);
    static final List<String> OPEN = List.of("OPEN", "PENDING");

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
        TicketFact fact = of(t);
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

    static TicketFact of(TicketEvents.TicketSnapshot t) {
        TicketFact fact = new TicketFact();
        fact.id = t.ticketId();
        fact.status = t.status();
        fact.priority = t.priority();
        fact.category = t.category() == null ? "(none)" : t.category();
        fact.tags = t.tags() == null ? List.of() : t.tags();
        fact.customerId = t.customerId();
        fact.assigneeId = t.assigneeId();
        fact.createdAt = t.createdAt();
        fact.createdDay = DAY.format(t.createdAt());
        fact.createdMonth = MONTH.format(t.createdAt());
        var date = t.createdAt().atZone(ZoneOffset.UTC);
        fact.createdWeek = String.format("%d-W%02d", date.get(IsoFields.WEEK_BASED_YEAR), date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        fact.firstResponseAt = t.firstResponseAt();
        fact.resolvedAt = t.resolvedAt();
        fact.closedAt = t.closedAt();
        fact.firstResponseSeconds = t.firstResponseAt() == null ? null
                : Duration.between(t.createdAt(), t.firstResponseAt()).toSeconds();
        fact.resolutionSeconds = t.resolvedAt() == null ? null : Duration.between(t.createdAt(), t.resolvedAt()).toSeconds();
        fact.slaDueAt = t.slaDueAt();
        fact.slaBreached = t.slaBreached() || (t.resolvedAt() != null && t.slaDueAt() != null && t.resolvedAt().isAfter(t.slaDueAt()));
        fact.open = OPEN.contains(t.status());
        fact.resolved = t.resolvedAt() != null;
        fact.deleted = t.deleted();
        fact.version = t.version();
        return fact;
    }

}
