package io.helpdesk.ticket.attachment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.bson.codecs.pojo.annotations.BsonId;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.mongodb.panache.common.MongoEntity;
import io.quarkus.runtime.StartupEvent;

/**
 * The {@code ticket_attachments} collection: what each attachment is and whose; its content lives in the
 * object store under {@link StoredAttachment#key}. The same on either storage backend.
 */
@ApplicationScoped
public class AttachmentRepository implements PanacheMongoRepositoryBase<AttachmentRepository.StoredAttachment, String> {

    @MongoEntity(collection = "ticket_attachments")
    public static class StoredAttachment {
        @BsonId
        public String id;
        public String ticketId;
        public String filename;
        public String contentType;
        public long size;
        public String uploadedBy;
        public Instant uploadedAt;
        /** Set while the ticket is deleted, cleared when it is restored. */
        public boolean ticketDeleted;
        /** Where the content is in the object store: {@code attachments/<ticketId>/<id>}. */
        public String key;
    }

    void indexes(@Observes StartupEvent started) {
        mongoCollection().createIndex(Indexes.ascending("ticketId", "ticketDeleted", "uploadedAt"),
                new IndexOptions().name("ticket"));
    }

    /** The attachment, if it is on this ticket and the ticket is not deleted. */
    public Optional<StoredAttachment> visible(String ticketId, String id) {
        return Optional.ofNullable(mongoCollection().find(Filters.and(Filters.eq("_id", id),
                Filters.eq("ticketId", ticketId), Filters.eq("ticketDeleted", false))).first());
    }

    /** The ticket's attachments, oldest first, unless the ticket is deleted. */
    public List<StoredAttachment> visibleOf(String ticketId) {
        return mongoCollection().find(Filters.and(Filters.eq("ticketId", ticketId), Filters.eq("ticketDeleted", false)))
                .sort(Sorts.ascending("uploadedAt")).into(new java.util.ArrayList<>());
    }

    /** Writes the attachment unless one with its id exists; false when it did. */
    public boolean insertIfAbsent(StoredAttachment attachment) {
        try {
            mongoCollection().insertOne(attachment);
            return true;
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    public void markDeleted(String ticketId, boolean deleted) {
        mongoCollection().updateMany(Filters.eq("ticketId", ticketId), Updates.set("ticketDeleted", deleted));
    }
}
