package io.helpdesk.ticket.importing;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

import io.helpdesk.ticket.storage.TicketIndexes;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.runtime.StartupEvent;

/** The {@code import_jobs} collection: queries and writes of import jobs, nothing else. */
@ApplicationScoped
public class ImportJobRepository implements PanacheMongoRepositoryBase<ImportJob, String> {

    private static final String QUEUED = ImportJob.Status.QUEUED.name();
    private static final String RUNNING = ImportJob.Status.RUNNING.name();
    private static final String FAILED = ImportJob.Status.FAILED.name();

    /**
     * The filter of {@link #waitingIds}: jobs waiting for a worker (QUEUED) or held by one (RUNNING) whose
     * upload is in the object store.
     */
    public static final Bson WAITING = Filters.and(Filters.in("status", QUEUED, RUNNING), Filters.exists("uploadKey"));

    /** Its indexes, as {@link TicketIndexes#IMPORT_JOBS} declares them. */
    void indexes(@Observes StartupEvent started) {
        mongoCollection().createIndexes(TicketIndexes.IMPORT_JOBS);
    }

    public MongoCollection<Document> documents() {
        return mongoCollection().withDocumentClass(Document.class);
    }

    /**
     * The ids of the jobs waiting for a worker (QUEUED) or held by one (RUNNING), whose upload is in the object
     * store (a job of an earlier version is once its file has been moved there).
     */
    public List<Object> waitingIds() {
        return documents().find(WAITING)
                .projection(Projections.include("_id")).map(d -> d.get("_id")).into(new ArrayList<>());
    }

    /** Counts an attempt on a job that is still QUEUED or RUNNING; false when it is neither (any more). */
    public boolean take(Object id) {
        Document taken = documents().findOneAndUpdate(Filters.and(Filters.eq("_id", id), Filters.in("status", QUEUED, RUNNING)),
                Updates.inc("attempts", 1), new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        return taken != null;
    }

    /** Takes back the attempt {@link #take} counted, for a run the service's stop cut short. */
    public void untake(Object id) {
        documents().updateOne(Filters.and(Filters.eq("_id", id), Filters.gt("attempts", 0)), Updates.inc("attempts", -1));
    }

    /** The attempts counted on the job; 0 when there is no such job. */
    public int attempts(Object id) {
        Document job = documents().find(Filters.eq("_id", id)).projection(Projections.include("attempts")).first();
        return job == null ? 0 : job.getInteger("attempts", 0);
    }

    /** Marks the job FAILED for good, with why. */
    public void markFailed(Object id, String failure) {
        documents().updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("status", FAILED),
                Updates.set("failure", failure),
                Updates.set("finishedAt", new Date())));
    }

    /** Records where the job's upload ({@code uploadKey}) or report ({@code reportKey}) now is. */
    public void setKey(String id, String field, String key) {
        documents().updateOne(Filters.eq("_id", id), Updates.set(field, key));
    }

    /** Puts the job back in the queue, with why its last attempt failed. */
    public void requeue(Object id, String failure) {
        documents().updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("status", QUEUED),
                Updates.set("failure", failure)));
    }
}
