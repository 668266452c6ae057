package io.helpdesk.ticket.attachment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.types.ObjectId;
import io.helpdesk.platform.logging.ThrottledLog;
import io.helpdesk.platform.storage.ObjectStore;
import io.helpdesk.platform.web.input.FileNames;
import io.helpdesk.platform.web.problem.ProblemException;
import io.helpdesk.ticket.attachment.AttachmentRepository.StoredAttachment;
import io.helpdesk.ticket.config.TicketConfig;
import io.helpdesk.ticket.upload.UploadTypes;

/**
 * Ticket attachments: the size and type limits (the type told from the bytes), the content in the object store (streamed in and out,
 * never held whole in memory) and what it is in {@code ticket_attachments}. The content is written
 * first and its document after, so a failed upload (503 when the store is down) leaves no attachment
 * behind, and a retry starts afresh.
 */
@ApplicationScoped
public class AttachmentStore {
    private static final ThrottledLog THROTTLED = ThrottledLog.of(AttachmentStore.class);

    private final AttachmentRepository attachments;
    private final ObjectStore objects;
    private final TicketConfig.Attachments config;
    private final UploadTypes types;

    public AttachmentStore(AttachmentRepository attachments, ObjectStore objects, TicketConfig config, UploadTypes types) {
        this.attachments = attachments;
        this.objects = objects;
        this.config = config.attachments();
        this.types = types;
    }

    public record Attachment(String id, String filename, String contentType, long size, String uploadedBy,
            Instant uploadedAt) {
    }

    /** Where an attachment's content is kept. */
    public static String key(String ticketId, String attachmentId) {
        return "attachments/" + ticketId + "/" + attachmentId;
    }

    /**
     * Stores the file after checking that it is not empty (400), its size (413) and its type, told from its
     * bytes (415 when they are no allowed type or not what the client declared); it is stored and served
     * as that type.
     */
    public Attachment store(String ticketId, String filename, String contentType, Path file, String uploadedBy)
            throws IOException {
        long size = Files.size(file);
        if (size == 0) {
            throw UploadTypes.refused(400, "The file is empty.", "is empty");
        }
        if (size > config.maxSize()) {
            throw UploadTypes.refused(413, "An attachment may be at most " + config.maxSize() + " bytes.",
                    "is larger than " + config.maxSize() + " bytes");
        }
        String type = types.accept(file, contentType, config.allowedTypes());
        StoredAttachment attachment = new StoredAttachment();
        attachment.id = ObjectId.get().toHexString();
        attachment.ticketId = ticketId;
        attachment.filename = FileNames.safe(filename);
        attachment.contentType = type;
        attachment.size = size;
        attachment.uploadedBy = uploadedBy;
        attachment.uploadedAt = Instant.now();
        attachment.key = key(ticketId, attachment.id);
        objects.put(attachment.key, type, file);
        try {
            attachments.persist(attachment);
        } catch (RuntimeException e) {
            discard(attachment.key);
            throw e;
        }
        return view(attachment);
    }

    public List<Attachment> list(String ticketId) {
        return attachments.visibleOf(ticketId).stream().map(AttachmentStore::view).toList();
    }

    public Optional<StoredAttachment> find(String ticketId, String attachmentId) {
        return attachments.visible(ticketId, attachmentId);
    }

    /** The content, to be closed by the caller: 404 when the store has lost it, 503 when it is down. */
    public ObjectStore.StoredObject open(StoredAttachment attachment) {
        return objects.open(attachment.key).orElseThrow(() -> {
            THROTTLED.errorf("attachment-content-missing:" + attachment.id,
                    "Attachment %s of ticket %s has no content under %s", attachment.id, attachment.ticketId,
                    attachment.key);
            return new ProblemException(404, "No such attachment.");
        });
    }

    /** The content first, then the document: a delete that fails half-way is simply repeated. */
    public void delete(StoredAttachment attachment) {
        objects.delete(attachment.key);
        attachments.deleteById(attachment.id);
    }

    public void markDeleted(String ticketId, boolean deleted) {
        attachments.markDeleted(ticketId, deleted);
    }

    public static Attachment view(StoredAttachment attachment) {
        return new Attachment(attachment.id, attachment.filename, attachment.contentType, attachment.size,
                attachment.uploadedBy, attachment.uploadedAt);
    }

    private void discard(String key) {
        try {
            objects.delete(key);
        } catch (RuntimeException e) {
            THROTTLED.warnf("attachment-object-not-removed:" + key,
                    "Could not remove %s after its attachment failed to save: %s", key, e.getMessage());
        }
    }
}
