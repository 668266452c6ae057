package io.helpdesk.notification.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.codecs.pojo.annotations.BsonId;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.helpdesk.platform.contracts.NotificationRequest;
import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * One message to one recipient on one channel because of one event. Its id is
 * {@code eventId:userId:channel}: however often the event is delivered, there is one record, and one mail.
 */
@MongoEntity(collection = "deliveries")
public class Delivery {

    @Schema(name = "DeliveryStatus")
    public enum Status {
        /** Waiting for its first attempt. */
        QUEUED,
        /** Being sent by one replica (until {@link #leaseUntil}). */
        SENDING,
        SENT,
        /** An attempt failed; the next is at {@link #nextAttemptAt}. */
        RETRYING,
        /** Gave up after the last attempt; an admin can retry it. */
        DEAD,
        /** Not sent on purpose: the recipient opted out of this kind of mail. */
        SKIPPED,
        /** Not sent on purpose: over the recipient's rate limit. */
        SUPPRESSED
    }

    @Schema(name = "DeliveryChannel")
    public enum Channel {
        EMAIL, WHATSAPP
    }

    @BsonId
    public String id;
    public String eventId;
    public String eventType;
    public String template;
    public String userId;
    /** An address the event carried; otherwise the directory's. */
    public String to;
    public Channel channel;
    /** Security mail (codes, password changes) always goes, whatever the preferences. */
    public boolean security;
    public Map<String, Object> values = new LinkedHashMap<>();
    public List<NotificationRequest.Attachment> attachments = new ArrayList<>();
    public Status status;
    public int attempts;
    public String lastError;
    public Instant createdAt;
    public Instant nextAttemptAt;
    public Instant leaseUntil;
    public Instant sentAt;
    /** The W3C trace context of the event, so the mail is sent in the trace of the request that caused it. */
    public String traceparent;
}
