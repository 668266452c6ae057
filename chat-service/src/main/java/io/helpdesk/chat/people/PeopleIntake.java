package io.helpdesk.chat.people;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.platform.contracts.EventStream;
import io.helpdesk.platform.contracts.UserEvents;
import io.helpdesk.platform.events.Received;
import io.helpdesk.platform.events.Subscription;
import io.helpdesk.platform.people.PeopleDirectory;

/**
 * Keeps chat's people directory from {@code events.users}, and drops this instance's cached name of
 * the person at once so a new or changed name shows on the next frame here (other instances within
 * the cache's lifetime).
 */
@ApplicationScoped
public class PeopleIntake extends Subscription<UserEvents.Payload> {

    private final PeopleDirectory directory;
    private final Names names;

    public PeopleIntake(PeopleDirectory directory, Names names) {
        this.directory = directory;
        this.names = names;
    }

    @Override
    public EventStream<UserEvents.Payload> stream() {
        return EventStream.USERS;
    }

    @Override
    protected void handle(Received<UserEvents.Payload> event) {
        directory.apply(event);
        names.forget(event.payload().userId());
    }
}
