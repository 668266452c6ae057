package io.helpdesk.platform.people;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * What a service knows of a person, kept from the events of {@code events.users}: enough to show a
 * name beside an id and to tell who may be assigned work. The auth-service owns the account.
 */
@MongoEntity(collection = "people")
public class Person {

    public static final String ACTIVE = "ACTIVE";

    @BsonId
    public String id;
    public String name;
    /** Lower-cased. Shown to staff only; a customer never sees another person's address. */
    public String email;
    /** CUSTOMER, AGENT or ADMIN. */
    public String role;
    /** ACTIVE, INVITED, DISABLED or DELETED. */
    public String status;
    public String company;
    public String avatarUrl;
    public String locale;
    /** The user's version in the newest event applied; older events change nothing. */
    public long version;

    public boolean active() {
        return ACTIVE.equals(status);
    }

    /** An agent or an admin: someone who works tickets. */
    public boolean staff() {
        return "AGENT".equals(role) || "ADMIN".equals(role);
    }

    /** An active agent or admin: someone a ticket may be assigned to. */
    public boolean assignable() {
        return active() && staff();
    }
}
