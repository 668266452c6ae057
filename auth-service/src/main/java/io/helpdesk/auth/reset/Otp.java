package io.helpdesk.auth.reset;

import java.time.Instant;

import org.bson.codecs.pojo.annotations.BsonId;

import io.helpdesk.platform.events.Outboxed;
import io.quarkus.mongodb.panache.common.MongoEntity;

/** A password-reset code of one account, stored only as a keyed hash. */
@MongoEntity(collection = "otps")
public class Otp extends Outboxed {
    /** The user's id: one live code per account. */
    @BsonId
    public String id;
    public String hash;
    public Instant createdAt;
    public Instant expiresAt;
    public int attempts;

    @Override
    public Object outboxId() {
        return id;
    }
}
