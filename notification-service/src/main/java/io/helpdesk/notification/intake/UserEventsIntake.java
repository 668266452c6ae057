package io.helpdesk.notification.intake;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.notification.delivery.DeliveryPlanner;
import io.helpdesk.notification.directory.RecipientDirectory;
import io.helpdesk.platform.contracts.EventStream;
import io.helpdesk.platform.contracts.UserEvents;
import io.helpdesk.platform.events.Received;
import io.helpdesk.platform.events.Subscription;

/** {@code events.users}: the address book learns the account, then its mail is planned. */
@ApplicationScoped
public class UserEventsIntake extends Subscription<UserEvents.Payload> {

    private final RecipientDirectory directory;
    private final DeliveryPlanner planner;

    public UserEventsIntake(RecipientDirectory directory, DeliveryPlanner planner) {
        this.directory = directory;
        this.planner = planner;
    }

    @Override
    public EventStream<UserEvents.Payload> stream() {
        return EventStream.USERS;
    }

    @Override
    protected void handle(Received<UserEvents.Payload> event) {
        directory.apply(event);
        planner.planUserEvent(event);
    }
}
