package io.helpdesk.auth.reset;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.codecs.pojo.annotations.BsonId;

import io.helpdesk.platform.events.OutboxEntry;
import io.quarkus.mongodb.panache.common.MongoEntity;

/** A password-reset code of one account, stored only as a keyed hash. */
@MongoEntity(collection = "otps")
public class Otp {
    /** The user's id: one live code per account. */
    @BsonId
    public String id;
    public String hash;
    public Instant createdAt;
    public Instant expiresAt;
    public int attempts;
    public List<OutboxEntry> outbox = new ArrayList<>();
    /** Events set aside after their publish attempts ran out (kept so a later save does not drop them). */
    public List<OutboxEntry> outboxFailed = new ArrayList<>();
}
