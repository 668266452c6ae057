package io.helpdesk.ticket.attachment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.mongodb.client.MongoClient;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.model.GridFSFile;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.helpdesk.platform.web.input.FileNames;
import io.helpdesk.platform.web.problem.ProblemException;
import io.helpdesk.ticket.config.TicketConfig;

/** Ticket attachments in GridFS, streamed in and out, never held whole in memory. */
@ApplicationScoped
public class AttachmentStore {

    private final GridFSBucket bucket;
    private final com.mongodb.client.MongoCollection<Document> files;
    private final TicketConfig.Attachments config;

    public AttachmentStore(MongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database,
            TicketConfig config) {
        this.bucket = GridFSBuckets.create(mongo.getDatabase(database), "attachments");
        this.files = mongo.getDatabase(database).getCollection("attachments.files");
        this.config = config.attachments();
    }

    public record Attachment(String id, String filename, String contentType, long size, String uploadedBy,
            Instant uploadedAt) {
    }

    /** Stores the file after checking its size (413) and type (415). */
    public Attachment store(String ticketId, String filename, String contentType, Path file, String uploadedBy)
            throws IOException {
        long size = Files.size(file);
        if (size > config.maxSize()) {
            throw new ProblemException(413, "An attachment may be at most " + config.maxSize() + " bytes.");
        }
        String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!config.allowedTypes().contains(type)) {
            throw new ProblemException(415, "Attachments of type '" + type + "' are not accepted; allowed: "
                    + String.join(", ", config.allowedTypes()) + ".");
        }
        String name = FileNames.safe(filename);
        Document metadata = new Document("ticketId", ticketId).append("contentType", type)
                .append("uploadedBy", uploadedBy).append("ticketDeleted", false);
        try (InputStream in = Files.newInputStream(file)) {
            ObjectId id = bucket.uploadFromStream(name, in, new GridFSUploadOptions().metadata(metadata));
            return new Attachment(id.toHexString(), name, type, size, uploadedBy, Instant.now());
        }
    }

    public List<Attachment> list(String ticketId) {
        List<Attachment> found = new ArrayList<>();
        bucket.find(Filters.and(Filters.eq("metadata.ticketId", ticketId), Filters.eq("metadata.ticketDeleted", false)))
                .forEach(f -> found.add(of(f)));
        return found;
    }

    public Optional<GridFSFile> find(String ticketId, String attachmentId) {
        if (!ObjectId.isValid(attachmentId)) {
            return Optional.empty();
        }
        return Optional.ofNullable(bucket.find(Filters.and(Filters.eq("_id", new ObjectId(attachmentId)),
                Filters.eq("metadata.ticketId", ticketId), Filters.eq("metadata.ticketDeleted", false))).first());
    }

    public InputStream open(GridFSFile file) {
        return bucket.openDownloadStream(file.getObjectId());
    }

    public void delete(GridFSFile file) {
        bucket.delete(file.getObjectId());
    }

    public void markDeleted(String ticketId, boolean deleted) {
        files.updateMany(Filters.eq("metadata.ticketId", ticketId), Updates.set("metadata.ticketDeleted", deleted));
    }

    public static Attachment of(GridFSFile file) {
        Document metadata = file.getMetadata() == null ? new Document() : file.getMetadata();
        return new Attachment(file.getObjectId().toHexString(), file.getFilename(), metadata.getString("contentType"),
                file.getLength(), metadata.getString("uploadedBy"),
                file.getUploadDate() == null ? null : file.getUploadDate().toInstant());
    }
}
