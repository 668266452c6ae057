package io.helpdesk.ticket.people;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.platform.contracts.EventStream;
import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.contracts.UserEvents;
import io.helpdesk.platform.events.Received;
import io.helpdesk.platform.events.Subscription;
import io.helpdesk.platform.people.PeopleDirectory;
import io.helpdesk.platform.people.Person;

/**
 * {@code events.users}: the people directory learns the account; when the person may no longer be
 * assigned work, their tickets go back to the unassigned queue. Only an event that can take that away
 * looks at their tickets (disabled, deleted, a role change, an update showing an account that may not
 * be assigned): a registration or an enabling read again from the stream's start never unassigns.
 */
@ApplicationScoped
public class PeopleIntake extends Subscription<UserEvents.Payload> {

    private static final Set<EventType> TAKING_AWAY = Set.of(EventType.USER_DISABLED, EventType.USER_DELETED,
            EventType.USER_ROLE_CHANGED);

    private final PeopleDirectory directory;
    private final AssigneeRelease release;

    public PeopleIntake(PeopleDirectory directory, AssigneeRelease release) {
        this.directory = directory;
        this.release = release;
    }

    @Override
    public EventStream<UserEvents.Payload> stream() {
        return EventStream.USERS;
    }

    @Override
    protected void handle(Received<UserEvents.Payload> event) {
        Person described = directory.apply(event);
        if (described != null && takesAway(event.type(), described)) {
            // The person as stored now, not as this event says: an older event arriving late changes nothing.
            directory.find(described.id).ifPresent(person -> release.releaseIfNotAssignable(person, event.envelope().occurredAt()));
        }
    }

    /** Whether an event of this type, describing this account, can end the person's being assignable. */
    static boolean takesAway(EventType type, Person described) {
        return TAKING_AWAY.contains(type) || (type == EventType.USER_UPDATED && !described.assignable());
    }
}
