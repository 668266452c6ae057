package io.helpdesk.platform.events;

import io.helpdesk.platform.events.EventEnvelope;
import io.helpdesk.platform.contracts.NotificationRequest;
import io.helpdesk.platform.contracts.TicketEvents;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The event contracts Jackson writes and reads by reflection (envelopes on the streams and the
 * payloads inside them), registered for native executables in every service.
 */
@RegisterForReflection(targets = {
        EventEnvelope.class,
        NotificationRequest.class,
        NotificationRequest.Attachment.class,
        TicketEvents.Message.class,
        TicketEvents.Payload.class,
        TicketEvents.TicketSnapshot.class })
public final class EventTypes {

    private EventTypes() {
    }
}
