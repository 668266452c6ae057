package io.helpdesk.analytics.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;

/** The {@code report_runs} collection: queries and writes of scheduled report runs, nothing else. */
@ApplicationScoped
public class ReportRunRepository implements PanacheMongoRepositoryBase<ReportRun, String> {

    public MongoCollection<Document> documents() {
        return mongoCollection().withDocumentClass(Document.class);
    }

    /** Inserts the run; false when a run with its id is there already. */
    public boolean insertNew(ReportRun run) {
        try {
            persist(run);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** The ids of the runs waiting for an attempt (PENDING) or held by one (RUNNING). */
    public List<String> waitingIds() {
        return documents().find(Filters.in("status", ReportRun.Status.PENDING.name(), ReportRun.Status.RUNNING.name()))
                .projection(Projections.include("_id")).map(d -> d.getString("_id")).into(new ArrayList<>());
    }

    /**
     * Takes the run if it is PENDING, or RUNNING with a lease that ended before {@code now}: in one
     * atomic update it becomes RUNNING, leased until {@code leaseUntil}, with one more attempt. The
     * run as taken, or null when another attempt holds it or it is done.
     */
    public ReportRun take(String id, Instant now, Instant leaseUntil) {
        return mongoCollection().findOneAndUpdate(
                Filters.and(Filters.eq("_id", id), Filters.or(Filters.eq("status", ReportRun.Status.PENDING.name()),
                        Filters.and(Filters.eq("status", ReportRun.Status.RUNNING.name()), Filters.lt("leaseUntil", now)))),
                Updates.combine(Updates.set("status", ReportRun.Status.RUNNING.name()), Updates.set("leaseUntil", leaseUntil),
                        Updates.inc("attempts", 1)),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    }
}
