package io.helpdesk.ticket.people;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.platform.contracts.EventStream;
import io.helpdesk.platform.contracts.UserEvents;
import io.helpdesk.platform.events.Received;
import io.helpdesk.platform.events.Subscription;
import io.helpdesk.platform.people.PeopleDirectory;

/**
 * {@code events.users}: the people directory learns the account; when the person may no longer be
 * assigned work, their tickets go back to the unassigned queue.
 */
@ApplicationScoped
public class PeopleIntake extends Subscription<UserEvents.Payload> {

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
        if (directory.apply(event) != null) {
            // The person as stored now, not as this event says: an older event arriving late changes nothing.
            directory.find(event.payload().userId()).ifPresent(release::releaseIfNotAssignable);
        }
    }
}
