package io.helpdesk.auth.user;

import java.time.Instant;

import org.bson.codecs.pojo.annotations.BsonId;

import io.helpdesk.platform.events.Outboxed;
import io.quarkus.mongodb.panache.common.MongoEntity;

/** An account. Never returned as is: {@link UserView} and {@link AdminUserView} are what callers see. */
@MongoEntity(collection = "users")
public class User extends Outboxed {

    public enum Status {
        ACTIVE, DISABLED, DELETED
    }

    @BsonId
    public String id;
    /** Trimmed and lower-cased; unique. */
    public String email;
    public String name;
    public String passwordHash;
    public String role;
    public Status status = Status.ACTIVE;
    public String phone;
    public String company;
    public Address address;
    public String locale = "en";
    public Instant createdAt;
    public Instant updatedAt;
    public Instant lastLoginAt;
    public Instant passwordChangedAt;
    public Instant deletedAt;
    /** Bumped on every change; events carry it so consumers can order them. */
    public long version;

    public static class Address {
        public String line1;
        public String line2;
        public String city;
        public String postalCode;
        public String country;
    }

    public boolean active() {
        return status == Status.ACTIVE;
    }

    @Override
    public Object outboxId() {
        return id;
    }
}
