package io.helpdesk.auth.code;

import java.time.Instant;

import org.bson.codecs.pojo.annotations.BsonId;

import io.helpdesk.platform.events.Outboxed;
import io.quarkus.mongodb.panache.common.MongoEntity;

/** A one-time code (a password reset, an email verification), stored only as a keyed hash. */
@MongoEntity(collection = "otps")
public class Otp extends Outboxed {
    /** What the code is for and whose it is ({@link OneTimeCodes}): one live code per purpose and account. */
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
