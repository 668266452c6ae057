package io.helpdesk.auth.user;

import java.time.Instant;
import java.util.List;

import org.bson.codecs.pojo.annotations.BsonId;

import io.helpdesk.platform.events.Outboxed;
import io.quarkus.mongodb.panache.common.MongoEntity;

/** An account. Never returned as is: {@link UserView} and {@link AdminUserView} are what callers see. */
@MongoEntity(collection = "users")
public class User extends Outboxed {

    /** INVITED: created by an administrator, without a password until the invitation is accepted. */
    public enum Status {
        ACTIVE, INVITED, DISABLED, DELETED
    }

    @BsonId
    public String id;
    /** Trimmed and lower-cased; unique. */
    public String email;
    public String name;
    /** Null while the account is INVITED. */
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
    /** False until a self sign-up proves its address; missing (accounts stored before it was kept) is verified. */
    public Boolean emailVerified;
    /** The live invitation of an INVITED account, else null. */
    public Invitation invitation;
    /** The sign-in providers' accounts linked to this one; null when none. */
    public List<LinkedIdentity> identities;
    /** Bumped on every change; events carry it so consumers can order them. */
    public long version;
    /** The current picture, or null. */
    public Avatar avatar;

    public static class Address {
        public String line1;
        public String line2;
        public String city;
        public String postalCode;
        public String country;
    }

    /** An invitation to set a password; only a hash of its token is kept. */
    public static class Invitation {
        public String tokenHash;
        public Instant issuedAt;
        public Instant expiresAt;
    }

    /** A picture: its files are stored under its key (a new one for each picture), served at its URL. */
    public static class Avatar {
        public String key;
        public String url;
        public Instant updatedAt;
    }

    /** Where the current picture is served, or null. */
    public String avatarUrl() {
        return avatar == null ? null : avatar.url;
    }

    /** Whether the address is proven; accounts stored before this was kept count as verified. */
    public boolean verified() {
        return !Boolean.FALSE.equals(emailVerified);
    }

    public boolean active() {
        return status == Status.ACTIVE;
    }

    @Override
    public Object outboxId() {
        return id;
    }

    /** An account at a sign-in provider (GitHub, an OpenID Connect provider): found by it even after its email changes there. */
    public static class LinkedIdentity {
        /** The provider's name: its quarkus.oidc tenant. */
        public String provider;
        /** The provider's stable id of the account (GitHub's numeric id, the id token's {@code sub}). */
        public String subject;
        public Instant linkedAt;

        public static LinkedIdentity of(String provider, String subject) {
            LinkedIdentity identity = new LinkedIdentity();
            identity.provider = provider;
            identity.subject = subject;
            identity.linkedAt = Instant.now();
            return identity;
        }
    }
}
