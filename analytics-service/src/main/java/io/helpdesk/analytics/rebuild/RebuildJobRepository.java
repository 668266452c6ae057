package io.helpdesk.analytics.rebuild;

import java.time.Instant;
import java.util.Date;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoServerException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The {@code rebuild_jobs} collection (one document per rebuild, its progress and lease) and
 * {@code rebuild_lock} (one document naming the running rebuild, so there is never a second); store only.
 */
@ApplicationScoped
public class RebuildJobRepository {

    public static final String JOBS = "rebuild_jobs";
    public static final String LOCK = "rebuild_lock";
    private static final String THE_LOCK = "rebuild";

    private final MongoCollection<Document> jobs;
    private final MongoCollection<Document> lock;

    public RebuildJobRepository(MongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.jobs = mongo.getDatabase(database).getCollection(JOBS);
        this.lock = mongo.getDatabase(database).getCollection(LOCK);
    }

    /** The job the lock names, or null when it names none. */
    public String lockedBy() {
        Document held = lock.find(Filters.eq("_id", THE_LOCK)).first();
        return held == null ? null : held.getString("jobId");
    }

    /** Takes the lock for the job, in one atomic step; false when another job holds it. */
    public boolean lock(String jobId) {
        try {
            lock.updateOne(Filters.and(Filters.eq("_id", THE_LOCK), Filters.eq("jobId", null)), Updates.set("jobId", jobId),
                    new UpdateOptions().upsert(true));
            return true;
        } catch (MongoServerException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** Frees the lock if this job holds it. */
    public void unlock(String jobId) {
        lock.updateOne(Filters.and(Filters.eq("_id", THE_LOCK), Filters.eq("jobId", jobId)), Updates.set("jobId", null));
    }

    public void insert(Document job) {
        jobs.insertOne(job);
    }

    /** Removes a job that never got the lock. */
    public void delete(String id) {
        jobs.deleteOne(Filters.eq("_id", id));
    }

    /** Lets any replica take up a job this owner held while it took the lock. */
    public void release(String id, String owner) {
        jobs.updateOne(held(id, owner), Updates.combine(Updates.set("owner", null), Updates.set("leaseUntil", new Date(0))));
    }

    public Document find(String id) {
        return jobs.find(Filters.eq("_id", id)).first();
    }

    /**
     * Takes a running job whose lease has ended (a new one, one whose replica stopped, one waiting to be
     * retried), oldest first: in one atomic step it is leased to {@code owner} until {@code until}.
     * Null when there is none.
     */
    public Document take(String owner, Instant now, Instant until) {
        return jobs.findOneAndUpdate(
                Filters.and(Filters.eq("state", RebuildJob.State.RUNNING.name()), Filters.lt("leaseUntil", now)),
                Updates.combine(Updates.set("owner", owner), Updates.set("leaseUntil", until)),
                new FindOneAndUpdateOptions().sort(Sorts.ascending("leaseUntil")).returnDocument(ReturnDocument.AFTER));
    }

    /**
     * Records a page of tickets read: the next cursor, the counts, a longer lease; only while this owner
     * holds the job and it stood at {@code cursor}, so a page is counted once. False when it no longer holds it.
     */
    public boolean pageDone(String id, String owner, String cursor, String next, int read, long applied, Instant now, Instant until) {
        Bson update = Updates.combine(Updates.set("cursor", next), Updates.inc("ticketsRead", read), Updates.inc("applied", applied),
                Updates.inc("pages", 1), Updates.set("updatedAt", now), Updates.set("leaseUntil", until), Updates.set("failures", 0),
                Updates.set("error", null),
                Updates.set("phase", next == null ? RebuildJob.Phase.ROLLUPS.name() : RebuildJob.Phase.TICKETS.name()));
        return jobs.updateOne(Filters.and(held(id, owner), Filters.eq("phase", RebuildJob.Phase.TICKETS.name()),
                Filters.eq("cursor", cursor)), update).getModifiedCount() == 1;
    }

    /** Records a day's roll-up recomputed. False when this owner no longer holds the job. */
    public boolean dayDone(String id, String owner, String previous, String day, Instant now, Instant until) {
        return jobs.updateOne(Filters.and(held(id, owner), Filters.eq("rollupDay", previous)),
                Updates.combine(Updates.set("rollupDay", day), Updates.inc("rollupDays", 1), Updates.set("updatedAt", now),
                        Updates.set("leaseUntil", until), Updates.set("failures", 0), Updates.set("error", null)))
                .getModifiedCount() == 1;
    }

    /** Ends the job (DONE or FAILED). False when this owner no longer holds it. */
    public boolean finish(String id, String owner, RebuildJob.State state, String error, Instant now) {
        return jobs.updateOne(held(id, owner), Updates.combine(Updates.set("state", state.name()), Updates.set("finishedAt", now),
                Updates.set("updatedAt", now), Updates.set("error", error), Updates.set("owner", null),
                Updates.set("leaseUntil", new Date(0)))).getModifiedCount() == 1;
    }

    /** A step failed: the job waits until {@code retryAt} and is then taken up again where it stands. */
    public void failedOnce(String id, String owner, String error, int failures, Instant now, Instant retryAt) {
        jobs.updateOne(held(id, owner), Updates.combine(Updates.set("error", error), Updates.set("failures", failures),
                Updates.set("updatedAt", now), Updates.set("owner", null), Updates.set("leaseUntil", retryAt)));
    }

    private static Bson held(String id, String owner) {
        return Filters.and(Filters.eq("_id", id), Filters.eq("owner", owner), Filters.eq("state", RebuildJob.State.RUNNING.name()));
    }
}
