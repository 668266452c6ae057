package io.helpdesk.ticket.importing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.codecs.pojo.annotations.BsonId;

import io.helpdesk.platform.events.Outboxed;
import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * One CSV import: the uploaded file, its progress, the rows that failed, the report. FAILED means the
 * import stopped for good, with {@link #failure} saying why: a file that is not usable CSV (at once),
 * or a job that failed {@code helpdesk.jobs.max-attempts} times.
 */
@MongoEntity(collection = "import_jobs")
public class ImportJob extends Outboxed {

    public enum Status {
        QUEUED, RUNNING, DONE, FAILED
    }

    /** Row errors kept on the job; the report counts them all. */
    public static final int MAX_KEPT_ERRORS = 1000;

    @BsonId
    public String id;
    public Status status;
    public String filename;
    /** The uploaded CSV in the object store. */
    public String uploadKey;
    public String createdBy;
    public String createdByRole;
    public Instant createdAt;
    public Instant startedAt;
    public Instant finishedAt;
    public long processed;
    public long succeeded;
    public long failed;
    public String failure;
    /** Times a worker has taken the job; bounded by {@code helpdesk.jobs.max-attempts}. */
    public int attempts;
    public List<RowError> errors = new ArrayList<>();
    /** The PDF report in the object store, once there is one. */
    public String reportKey;

    public static class RowError {
        /** The data row, counting from 1 after the header. */
        public long row;
        public String message;

        public RowError() {
        }

        public RowError(long row, String message) {
            this.row = row;
            this.message = message;
        }
    }

    @Override
    public Object outboxId() {
        return id;
    }
}
