package io.helpdesk.ticket.migration;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.bson.BsonType;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.mongodb.MongoGridFSException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.model.GridFSFile;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;

import io.helpdesk.platform.logging.ThrottledLog;
import io.helpdesk.platform.storage.ObjectStore;
import io.helpdesk.platform.storage.StorageConfig;
import io.helpdesk.ticket.attachment.AttachmentRepository;
import io.helpdesk.ticket.attachment.AttachmentRepository.StoredAttachment;
import io.helpdesk.ticket.attachment.AttachmentStore;
import io.helpdesk.ticket.config.TicketConfig;
import io.helpdesk.ticket.importing.ImportFiles;
import io.helpdesk.ticket.importing.ImportJobRepository;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Moves the files an earlier version kept in its own GridFS buckets, {@code attachments} and {@code imports}
 * (ids were ObjectIds, what a file belonged to was in its GridFS metadata), into the object store, so they
 * work as before on either backend: an attachment keeps its id and URL, an import job its upload and report.
 *
 * <p>Per file: the content is copied under its new key, then the document that refers to it is written
 * (an attachment in {@code ticket_attachments}, whether its ticket is deleted taken from the ticket; the key
 * on the import job), then the GridFS file is dropped, the upload of a job that is QUEUED or RUNNING only
 * once the job is DONE or FAILED (a replica of the earlier version may be reading it). Each step is
 * repeatable, so a run that stops anywhere (a crash, the store down, two replicas at once) is finished by
 * the next one.
 *
 * <p>It runs at start for at most {@code tickets.migration.startup-budget}, so a large GridFS cannot keep the
 * service from starting (and its startup probe from failing); then every {@code tickets.migration.retry-every}
 * a cheap look into the old buckets (one file each) has the move go on whenever a file it takes is there: what
 * the start left, what failed while the store was down, and what replicas of the earlier version still
 * write during a rolling upgrade.
 */
@ApplicationScoped
public class GridFsMigration {

    private static final Logger LOG = Logger.getLogger(GridFsMigration.class);
    private static final ThrottledLog THROTTLED = ThrottledLog.of(GridFsMigration.class);

    private static final Set<String> LEGACY_BUCKETS = Set.of("attachments", "imports");

    /**
     * How long an import file nothing refers to is kept: a replica of the earlier version stores the upload
     * (or the report) first and writes the job that names it just after.
     */
    static final Duration UNREFERENCED_GRACE = Duration.ofMinutes(10);

    private static final Bson OBJECT_ID = Filters.type("_id", BsonType.OBJECT_ID);

    /** A job the earlier version may still be working on, reading its upload from GridFS. */
    private static final Set<String> UNFINISHED = Set.of("QUEUED", "RUNNING");

    private final GridFSBucket legacyAttachments;
    private final GridFSBucket legacyImports;
    private final MongoCollection<Document> tickets;
    private final AttachmentRepository attachments;
    private final ImportJobRepository jobs;
    private final ObjectStore objects;
    private final Duration startupBudget;
    private final AtomicBoolean running = new AtomicBoolean();
    private final Set<Object> reported = ConcurrentHashMap.newKeySet();

    public GridFsMigration(MongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database,
            AttachmentRepository attachments, ImportJobRepository jobs, ObjectStore objects, StorageConfig storage,
            TicketConfig config) {
        if (storage.backend().equals("gridfs") && LEGACY_BUCKETS.contains(storage.gridfsBucket())) {
            throw new IllegalStateException("helpdesk.storage.gridfs-bucket must not be " + LEGACY_BUCKETS
                    + ": those are the buckets of an earlier version, emptied into the object store at start");
        }
        MongoDatabase db = mongo.getDatabase(database);
        this.legacyAttachments = GridFSBuckets.create(db, "attachments");
        this.legacyImports = GridFSBuckets.create(db, "imports");
        this.tickets = db.getCollection("tickets");
        this.attachments = attachments;
        this.jobs = jobs;
        this.objects = objects;
        this.startupBudget = config.migration().startupBudget();
    }

    void atStart(@Observes StartupEvent started) {
        runLogged(startupBudget);
    }

    /** Moves what the old buckets hold now, if anything: the start's leftovers, or files written since. */
    @Scheduled(every = "${tickets.migration.retry-every:60s}", delayed = "60s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public void check() {
        if (movableFilesRemain()) {
            runLogged(null);
        }
    }

    /**
     * Whether the old buckets hold a file the move takes (an ObjectId id, and for an attachment the ticket it
     * belongs to); files it leaves where they are do not count, so they never bring on a pass.
     */
    public boolean movableFilesRemain() {
        try {
            return legacyAttachments.find(Filters.and(OBJECT_ID, Filters.type("metadata.ticketId", BsonType.STRING)))
                    .limit(1).first() != null || legacyImports.find(OBJECT_ID).limit(1).first() != null;
        } catch (RuntimeException e) {
            THROTTLED.warnf("gridfs-lookup-failed",
                    "Could not look for files of an earlier version in GridFS (looked again in a while): %s", e.getMessage());
            return false;
        }
    }

    /** @param budget how long to go on starting another file; null for as long as files remain */
    private void runLogged(Duration budget) {
        if (!running.compareAndSet(false, true)) {
            return; // the run at start is still going
        }
        try {
            int moved = run(budget);
            if (moved > 0) {
                LOG.infof("Moved %d files of an earlier version from GridFS to the %s object store", moved, objects.backend());
            }
        } catch (RuntimeException e) {
            THROTTLED.warnf("gridfs-move-stopped",
                    "Moving the files of an earlier version stopped (tried again in a while): %s", e.getMessage());
        } finally {
            running.set(false);
        }
    }

    /** Moves every file still in the old buckets; returns how many it moved. */
    public int run() {
        return run(null);
    }

    /**
     * Moves the files still in the old buckets, starting no new file once {@code budget} has passed (null: no
     * limit); returns how many it moved. What is left waits for the next {@link #check()}.
     */
    public int run(Duration budget) {
        Instant deadline = budget == null ? null : Instant.now().plus(budget);
        int moved = 0;
        for (GridFSFile file : legacyAttachments.find().into(new ArrayList<>())) {
            if (pastDeadline(deadline)) {
                return moved;
            }
            moved += moveAttachment(file);
        }
        for (GridFSFile file : legacyImports.find().into(new ArrayList<>())) {
            if (pastDeadline(deadline)) {
                return moved;
            }
            moved += moveImportFile(file);
        }
        return moved;
    }

    private static boolean pastDeadline(Instant deadline) {
        if (deadline != null && !Instant.now().isBefore(deadline)) {
            LOG.infof("Files of an earlier version remain in GridFS after the time allowed at start; moved while the service runs");
            return true;
        }
        return false;
    }

    private int moveAttachment(GridFSFile file) {
        if (!file.getId().isObjectId()) {
            warnOnce(file, "GridFS attachments file %s was not written by the service; left where it is");
            return 0;
        }
        String id = file.getObjectId().toHexString();
        Document metadata = metadata(file);
        String ticketId = metadata.getString("ticketId");
        if (ticketId == null) {
            warnOnce(file, "GridFS attachments file %s names no ticket; left where it is");
            return 0;
        }
        int moved = 0;
        if (attachments.findByIdOptional(id).isEmpty()) {
            StoredAttachment attachment = new StoredAttachment();
            attachment.id = id;
            attachment.ticketId = ticketId;
            attachment.filename = file.getFilename();
            attachment.contentType = metadata.getString("contentType");
            attachment.size = file.getLength();
            attachment.uploadedBy = metadata.getString("uploadedBy");
            attachment.uploadedAt = file.getUploadDate() == null ? null : file.getUploadDate().toInstant();
            attachment.ticketDeleted = ticketDeleted(ticketId).orElse(Boolean.TRUE.equals(metadata.getBoolean("ticketDeleted")));
            attachment.key = AttachmentStore.key(ticketId, id);
            copy(legacyAttachments, file, attachment.key, attachment.contentType);
            if (attachments.insertIfAbsent(attachment)) {
                // A delete or restore of the ticket since it was read marked its attachments without this one.
                ticketDeleted(ticketId).filter(deleted -> deleted != attachment.ticketDeleted)
                        .ifPresent(deleted -> attachments.markDeleted(ticketId, deleted));
            }
            moved = 1;
        }
        drop(legacyAttachments, file);
        return moved;
    }

    /**
     * An upload or report of an import job. Only the file the job refers to is copied: a report rendered
     * again by a retried job left older copies, which nothing refers to and which are dropped.
     */
    private int moveImportFile(GridFSFile file) {
        if (!file.getId().isObjectId()) {
            warnOnce(file, "GridFS imports file %s was not written by the service; left where it is");
            return 0;
        }
        String id = file.getObjectId().toHexString();
        Document metadata = metadata(file);
        String jobId = metadata.getString("jobId");
        boolean report = "report".equals(metadata.getString("kind"));
        Document job = jobId == null ? null : jobs.documents().find(new Document("_id", jobId)).first();
        String referenced = job == null ? null : job.getString(report ? "reportFileId" : "fileId");
        if (!id.equals(referenced)) {
            if (!superseded(job, file)) {
                return 0; // its job may not be written yet: looked at again by the next check
            }
            drop(legacyImports, file);
            return 0;
        }
        int moved = 0;
        String field = report ? "reportKey" : "uploadKey";
        String key = report ? ImportFiles.reportKey(jobId) : ImportFiles.uploadKey(jobId);
        if (!key.equals(job.getString(field))) {
            copy(legacyImports, file, key, report ? "application/pdf" : "text/csv");
            jobs.setKey(jobId, field, key);
            moved = 1;
        }
        if (UNFINISHED.contains(job.getString("status"))) {
            // A replica of the earlier version may take the job and open the file from GridFS: it stays until
            // the job is DONE or FAILED, and a later check drops it.
            return moved;
        }
        drop(legacyImports, file);
        return moved;
    }

    /** Whether the ticket is deleted, from its own document; empty when there is none. */
    private Optional<Boolean> ticketDeleted(String ticketId) {
        Document ticket = tickets.find(Filters.eq("_id", ticketId)).projection(Projections.include("deleted")).first();
        return ticket == null ? Optional.empty() : Optional.of(Boolean.TRUE.equals(ticket.getBoolean("deleted")));
    }

    /**
     * Whether an import file its job does not name is left over for good: an older copy of a finished job's
     * report, or older than {@link #UNREFERENCED_GRACE}. A younger one may be a replica of the earlier version
     * between storing the file and writing the job (or its finish) that names it.
     */
    private static boolean superseded(Document job, GridFSFile file) {
        if (job != null && List.of("DONE", "FAILED").contains(job.getString("status"))) {
            return true;
        }
        return file.getUploadDate() == null
                || file.getUploadDate().toInstant().isBefore(Instant.now().minus(UNREFERENCED_GRACE));
    }

    private void warnOnce(GridFSFile file, String format) {
        if (reported.add(file.getId())) {
            THROTTLED.warnf(format + file.getId(), format, file.getId());
        }
    }

    /** Streams the GridFS file to a temporary file and from there into the store (its length known). */
    private void copy(GridFSBucket bucket, GridFSFile file, String key, String contentType) {
        Path temp = null;
        try {
            temp = Files.createTempFile("helpdesk-migration-", ".bin");
            try (OutputStream out = Files.newOutputStream(temp)) {
                bucket.downloadToStream(file.getId(), out);
            }
            objects.put(key, contentType, temp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    LOG.debugf("Temporary file %s left: %s", temp, e.getMessage());
                }
            }
        }
    }

    private static void drop(GridFSBucket bucket, GridFSFile file) {
        try {
            bucket.delete(file.getId());
        } catch (MongoGridFSException e) {
            // another replica dropped it meanwhile
        }
    }

    private static Document metadata(GridFSFile file) {
        return file.getMetadata() == null ? new Document() : file.getMetadata();
    }
}
