package io.helpdesk.analytics.facts;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import io.helpdesk.platform.contracts.Channels;
import io.helpdesk.platform.events.EventEnvelope;
import io.helpdesk.platform.contracts.TicketEvents;
import io.helpdesk.platform.events.Events;
import io.helpdesk.platform.events.StreamConsumer;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/** Feeds {@code ticket_facts} from {@code events.tickets} with this service's consumer group. */
@ApplicationScoped
public class FactsConsumer {

    public static final String GROUP = "analytics-service";

    private final StreamConsumer consumer;
    private final FactRepository facts;
    private final Event<FactsChanged> changes;
    private final Events events;

    public FactsConsumer(RedisDataSource redis, MeterRegistry metrics, FactRepository facts,
            Event<FactsChanged> changes, Events events) {
        this.consumer = new StreamConsumer(redis, metrics, Channels.TICKETS_STREAM, GROUP,
                StreamConsumer.consumerName("analytics"), 5, Duration.ofSeconds(30));
        this.facts = facts;
        this.changes = changes;
        this.events = events;
    }

    void start(@Observes StartupEvent started) {
        consumer.ensureGroup();
    }

    @Scheduled(every = "${analytics.consume-every:1s}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        pollOnce();
    }

    /** One round; returns how many events were applied. */
    public int pollOnce() {
        consumer.ensureGroup();
        int[] changed = { 0 };
        int handled = consumer.poll((id, fields) -> {
            EventEnvelope event = events.read(fields.get("envelope"));
            TicketEvents.Payload payload = events.payload(event, TicketEvents.Payload.class);
            if (payload.ticket() == null || payload.ticket().ticketId() == null) {
                throw new IllegalArgumentException("A ticket event without its ticket");
            }
            if (facts.apply(payload.ticket())) {
                changed[0]++;
            }
        }, 200);
        if (changed[0] > 0) {
            changes.fire(new FactsChanged());
        }
        return handled;
    }
}
