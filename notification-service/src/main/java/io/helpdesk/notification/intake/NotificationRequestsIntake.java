package io.helpdesk.notification.intake;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.notification.delivery.DeliveryPlanner;
import io.helpdesk.platform.contracts.EventStream;
import io.helpdesk.platform.contracts.NotificationRequest;
import io.helpdesk.platform.events.Received;
import io.helpdesk.platform.events.Subscription;

/** {@code notifications.requests}: reports and other mail other services ask for. */
@ApplicationScoped
public class NotificationRequestsIntake extends Subscription<NotificationRequest> {

    private final DeliveryPlanner planner;

    public NotificationRequestsIntake(DeliveryPlanner planner) {
        this.planner = planner;
    }

    @Override
    public EventStream<NotificationRequest> stream() {
        return EventStream.NOTIFICATION_REQUESTS;
    }

    @Override
    protected void handle(Received<NotificationRequest> event) {
        planner.planRequest(event);
    }
}
