package io.helpdesk.ticket.migration;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.mongodb.MongoGridFSException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.model.GridFSFile;

import io.helpdesk.platform.storage.ObjectStore;
import io.helpdesk.platform.storage.StorageConfig;
import io.helpdesk.ticket.attachment.AttachmentRepository;
import io.helpdesk.ticket.attachment.AttachmentRepository.StoredAttachment;
import io.helpdesk.ticket.attachment.AttachmentStore;
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
 * (an attachment in {@code ticket_attachments}, the key on the import job), then the GridFS file is dropped.
 * Each step is repeatable, so a run that stops anywhere (a crash, the store down, two replicas at once) is
 * finished by the next one. It runs at start, before the service takes requests, and while files remain
 * (the store was down) again every {@code tickets.migration.retry-every}.
 */
@ApplicationScoped
public class GridFsMigration {

    private static final Logger LOG = Logger.getLogger(GridFsMigration.class);

    private static final Set<String> LEGACY_BUCKETS = Set.of("attachments", "imports");

    private final GridFSBucket legacyAttachments;
    private final GridFSBucket legacyImports;
    private final AttachmentRepository attachments;
    private final ImportJobRepository jobs;
    private final ObjectStore objects;
    private volatile boolean done;

    public GridFsMigration(MongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database,
            AttachmentRepository attachments, ImportJobRepository jobs, ObjectStore objects, StorageConfig storage) {
        if (storage.backend().equals("gridfs") && LEGACY_BUCKETS.contains(storage.gridfsBucket())) {
            throw new IllegalStateException("helpdesk.storage.gridfs-bucket must not be " + LEGACY_BUCKETS
                    + ": those are the buckets of an earlier version, emptied into the object store at start");
        }
        MongoDatabase db = mongo.getDatabase(database);
        this.legacyAttachments = GridFSBuckets.create(db, "attachments");
        this.legacyImports = GridFSBuckets.create(db, "imports");
        this.attachments = attachments;
        this.jobs = jobs;
        this.objects = objects;
    }

    void atStart(@Observes StartupEvent started) {
        runLogged();
    }

    @Scheduled(every = "${tickets.migration.retry-every:60s}", delayed = "60s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retry() {
        if (!done) {
            runLogged();
        }
    }

    private void runLogged() {
        try {
            int moved = run();
            if (moved > 0) {
                LOG.infof("Moved %d files of an earlier version from GridFS to the %s object store", moved, objects.backend());
            }
        } catch (RuntimeException e) {
            LOG.warnf("Moving the files of an earlier version stopped (tried again in a while): %s", e.getMessage());
        }
    }

    /** Moves every file still in the old buckets; returns how many it moved. */
    public int run() {
        int moved = 0;
        for (GridFSFile file : legacyAttachments.find().into(new ArrayList<>())) {
            moved += moveAttachment(file);
        }
        for (GridFSFile file : legacyImports.find().into(new ArrayList<>())) {
            moved += moveImportFile(file);
        }
        done = true;
        return moved;
    }

    private int moveAttachment(GridFSFile file) {
        if (!file.getId().isObjectId()) {
            LOG.warnf("GridFS attachments file %s was not written by the service; left where it is", file.getId());
            return 0;
        }
        String id = file.getObjectId().toHexString();
        Document metadata = metadata(file);
        String ticketId = metadata.getString("ticketId");
        if (ticketId == null) {
            LOG.warnf("GridFS attachments file %s names no ticket; left where it is", id);
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
            attachment.ticketDeleted = Boolean.TRUE.equals(metadata.getBoolean("ticketDeleted"));
            attachment.key = AttachmentStore.key(ticketId, id);
            copy(legacyAttachments, file, attachment.key, attachment.contentType);
            attachments.insertIfAbsent(attachment);
            moved = 1;
        }
        drop(legacyAttachments, file);
        return moved;
    }

    /**
     * An upload or report of an import job. Only the file the job refers to is copied: a report rendered
     * again by a retried job left older copies, which nothing refers to.
     */
    private int moveImportFile(GridFSFile file) {
        if (!file.getId().isObjectId()) {
            LOG.warnf("GridFS imports file %s was not written by the service; left where it is", file.getId());
            return 0;
        }
        String id = file.getObjectId().toHexString();
        Document metadata = metadata(file);
        String jobId = metadata.getString("jobId");
        boolean report = "report".equals(metadata.getString("kind"));
        Document job = jobId == null ? null : jobs.documents().find(new Document("_id", jobId)).first();
        int moved = 0;
        if (job != null && id.equals(job.getString(report ? "reportFileId" : "fileId"))) {
            String field = report ? "reportKey" : "uploadKey";
            String key = report ? ImportFiles.reportKey(jobId) : ImportFiles.uploadKey(jobId);
            if (!key.equals(job.getString(field))) {
                copy(legacyImports, file, key, report ? "application/pdf" : "text/csv");
                jobs.setKey(jobId, field, key);
                moved = 1;
            }
        }
        drop(legacyImports, file);
        return moved;
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
