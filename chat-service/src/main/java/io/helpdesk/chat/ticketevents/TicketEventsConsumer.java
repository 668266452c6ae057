package io.helpdesk.chat.ticketevents;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.helpdesk.chat.message.MessageStore;
import io.helpdesk.chat.socket.Fanout;
import io.helpdesk.chat.socket.Frames;
import io.helpdesk.platform.contracts.Channels;
import io.helpdesk.platform.events.EventEnvelope;
import io.helpdesk.platform.contracts.TicketEvents;
import io.helpdesk.platform.events.Events;
import io.helpdesk.platform.events.StreamConsumer;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Ticket events become system messages in the ticket's room. The event id is the message's client
 * id, so a redelivered event adds nothing.
 */
@ApplicationScoped
public class TicketEventsConsumer {

    public static final String GROUP = "chat-service";
    static final String SYSTEM = "system";

    private final StreamConsumer consumer;
    private final MessageStore messages;
    private final Fanout fanout;
    private final Events events;

    public TicketEventsConsumer(RedisDataSource redis, MeterRegistry metrics, MessageStore messages, Fanout fanout,
            Events events) {
        this.consumer = new StreamConsumer(redis, metrics, Channels.TICKETS_STREAM, GROUP,
                StreamConsumer.consumerName("chat"), 5, Duration.ofSeconds(30));
        this.messages = messages;
        this.fanout = fanout;
        this.events = events;
    }

    void start(@Observes StartupEvent started) {
        consumer.ensureGroup();
    }

    @Scheduled(every = "1s", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        consumer.ensureGroup();
        consumer.poll((id, fields) -> {
            EventEnvelope event = events.read(fields.get("envelope"));
            TicketEvents.Payload payload = events.payload(event, TicketEvents.Payload.class);
            String text = describe(event.type(), payload);
            if (text != null && payload.ticket() != null) {
                String room = "ticket:" + payload.ticket().ticketId();
                MessageStore.Stored stored = messages.append(room, SYSTEM, SYSTEM, event.id(), text, true);
                if (!stored.duplicate()) {
                    fanout.publish(room, Frames.messageFrame(stored.message()));
                }
            }
        }, 100);
    }

    static String describe(String type, TicketEvents.Payload p) {
        var t = p.ticket();
        return switch (type) {
            case TicketEvents.CREATED -> "Ticket opened: " + t.subject();
            case TicketEvents.STATUS_CHANGED -> "Status changed from " + p.previousStatus() + " to " + t.status();
            case TicketEvents.ASSIGNED -> t.assigneeId() == null ? "The ticket was unassigned" : "Assigned to " + t.assigneeId();
            case TicketEvents.CLOSED -> "Ticket closed";
            case TicketEvents.SLA_BREACHED -> "The ticket passed its SLA due time";
            default -> null;
        };
    }
}
