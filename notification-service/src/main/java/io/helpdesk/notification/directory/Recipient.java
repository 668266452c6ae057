package io.helpdesk.notification.directory;

import org.bson.codecs.pojo.annotations.BsonId;

import io.helpdesk.platform.security.Roles;
import io.quarkus.mongodb.panache.common.MongoEntity;

/** What this service knows of a user, kept from the events of {@code events.users}. */
@MongoEntity(collection = "recipients")
public class Recipient {

    @BsonId
    public String id;
    public String email;
    public String name;
    public String locale;
    public String role;
    public String phone;
    public String status;
    /** The user's version in the newest event applied; older events change nothing. */
    public long version;

    /** An active agent or admin: someone new tickets, customer replies and breaches reach. */
    public boolean onTeam() {
        return "ACTIVE".equals(status) && (Roles.AGENT.equals(role) || Roles.ADMIN.equals(role));
    }
}
