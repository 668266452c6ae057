package io.helpdesk.analytics.people;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import io.helpdesk.platform.contracts.EventStream;
import io.helpdesk.platform.contracts.UserEvents;
import io.helpdesk.platform.events.Received;
import io.helpdesk.platform.events.Subscription;
import io.helpdesk.platform.people.PeopleDirectory;

/**
 * Keeps this service's people directory from {@code events.users}, so report rows show agent names;
 * after a round that applied someone, {@link PeopleChanged} lets the cached reports go stale.
 */
@ApplicationScoped
public class PeopleIntake extends Subscription<UserEvents.Payload> {

    private final PeopleDirectory directory;
    private final Event<PeopleChanged> changes;
    private final AtomicInteger appliedThisRound = new AtomicInteger();

    public PeopleIntake(PeopleDirectory directory, Event<PeopleChanged> changes) {
        this.directory = directory;
        this.changes = changes;
    }

    @Override
    public EventStream<UserEvents.Payload> stream() {
        return EventStream.USERS;
    }

    @Override
    protected void handle(Received<UserEvents.Payload> event) {
        if (directory.apply(event) != null) {
            appliedThisRound.incrementAndGet();
        }
    }

    @Override
    protected void afterRound(int handled) {
        if (appliedThisRound.getAndSet(0) > 0) {
            changes.fire(new PeopleChanged());
        }
    }
}
