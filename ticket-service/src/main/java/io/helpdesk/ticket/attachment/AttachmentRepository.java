package io.helpdesk.ticket.attachment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.conversions.Bson;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.helpdesk.ticket.storage.TicketIndexes;
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

    /** The order of a ticket's attachments: oldest first. */
    public static final Bson OLDEST_FIRST = Sorts.ascending("uploadedAt");

    /** Its indexes, as {@link TicketIndexes#ATTACHMENTS} declares them. */
    void indexes(@Observes StartupEvent started) {
        mongoCollection().createIndexes(TicketIndexes.ATTACHMENTS);
    }

    /** The filter of {@link #visible}: this attachment on this ticket, the ticket not deleted. */
    public static Bson visibleFilter(String ticketId, String id) {
        return Filters.and(Filters.eq("_id", id), Filters.eq("ticketId", ticketId), Filters.eq("ticketDeleted", false));
    }

    /** The filter of {@link #visibleOf}: the ticket's attachments, the ticket not deleted. */
    public static Bson visibleOfFilter(String ticketId) {
        return Filters.and(Filters.eq("ticketId", ticketId), Filters.eq("ticketDeleted", false));
    }

    /** The filter of {@link #markDeleted}: every attachment of the ticket. */
    public static Bson ticketFilter(String ticketId) {
        return Filters.eq("ticketId", ticketId);
    }

    /** The attachment, if it is on this ticket and the ticket is not deleted. */
    public Optional<StoredAttachment> visible(String ticketId, String id) {
        return Optional.ofNullable(mongoCollection().find(visibleFilter(ticketId, id)).first());
    }

    /** The ticket's attachments, oldest first, unless the ticket is deleted. */
    public List<StoredAttachment> visibleOf(String ticketId) {
        return mongoCollection().find(visibleOfFilter(ticketId)).sort(OLDEST_FIRST).into(new java.util.ArrayList<>());
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
        mongoCollection().updateMany(ticketFilter(ticketId), Updates.set("ticketDeleted", deleted));
    }
}
