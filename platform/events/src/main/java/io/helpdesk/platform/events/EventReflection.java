package io.helpdesk.platform.events;

import io.helpdesk.platform.contracts.NotificationRequest;
import io.helpdesk.platform.contracts.TicketEvents;
import io.helpdesk.platform.contracts.UserEvents;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The event contracts Jackson and the MongoDB codec write and read by reflection (envelopes on the
 * streams, the payloads inside them, outbox entries in documents), registered for native
 * executables in every service.
 */
@RegisterForReflection(targets = {
        EventEnvelope.class,
        OutboxEntry.class,
        Outboxed.class,
        NotificationRequest.class,
        NotificationRequest.Attachment.class,
        TicketEvents.Message.class,
        TicketEvents.Payload.class,
        TicketEvents.TicketSnapshot.class,
        UserEvents.Payload.class })
public final class EventReflection {

    private EventReflection() {
    }
}
