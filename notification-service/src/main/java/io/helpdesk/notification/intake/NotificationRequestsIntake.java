package io.helpdesk.notification.intake;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.notification.delivery.DeliveryPlanner;
import io.helpdesk.platform.contracts.Channels;
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
    public String stream() {
        return Channels.NOTIFICATION_REQUESTS_STREAM;
    }

    @Override
    public Class<NotificationRequest> payloadType() {
        return NotificationRequest.class;
    }

    @Override
    protected void handle(Received<NotificationRequest> event) {
        planner.planRequest(event);
    }
}
