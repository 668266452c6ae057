package io.helpdesk.platform.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.jobs.Attempts;
import io.helpdesk.platform.logging.ThrottledLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Runs every {@link Subscription} of the service: one {@link StreamConsumer} each, in the service's
 * consumer group ({@code helpdesk.events.group}), polled every {@code helpdesk.events.poll-every}.
 * A message without a readable envelope, with a type that belongs to another stream, or with a
 * payload that is not the stream's record can never succeed and moves to the dead letters at once;
 * a type this build does not know is acknowledged and counted as skipped.
 */
@ApplicationScoped
public class Subscriptions {

    private static final Logger LOG = Logger.getLogger(Subscriptions.class);
    private static final ThrottledLog THROTTLED = ThrottledLog.of(Subscriptions.class);

    private record Running(Subscription<?> subscription, StreamConsumer consumer, Counter skipped) {
    }

    private final List<Running> running = new ArrayList<>();
    private final ObjectMapper json;
    private final TraceContext traces;
    private final Tracer tracer;
    private final String group;
    private final int batch;
    private final Attempts attempts;

    /**
     * @param group         {@code helpdesk.events.group}: the consumer group, by default the application's name
     * @param batch         {@code helpdesk.events.batch}: messages read per stream and round
     * @param maxDeliveries {@code helpdesk.events.max-deliveries}: deliveries before a message is dead
     * @param claimAfter    {@code helpdesk.events.claim-after}: how long a message stays pending with a
     *                      consumer (a dead replica) before another claims it
     */
    public Subscriptions(@Any Instance<Subscription<?>> subscriptions, RedisDataSource redis, MeterRegistry metrics,
            ObjectMapper json, TraceContext traces, Tracer tracer, Attempts attempts,
            @ConfigProperty(name = "helpdesk.events.group") String group,
            @ConfigProperty(name = "helpdesk.events.batch", defaultValue = "100") int batch,
            @ConfigProperty(name = "helpdesk.events.max-deliveries", defaultValue = "5") int maxDeliveries,
            @ConfigProperty(name = "helpdesk.events.claim-after", defaultValue = "30s") Duration claimAfter) {
        this.json = json;
        this.traces = traces;
        this.tracer = tracer;
        this.group = group;
        this.batch = batch;
        this.attempts = attempts;
        String consumer = StreamConsumer.consumerName(group);
        for (Subscription<?> subscription : subscriptions) {
            String stream = subscription.stream().name();
            Counter skipped = Counter.builder("helpdesk.stream.skipped").tag("stream", stream)
                    .description("Stream messages of an event type this build does not know, acknowledged unhandled")
                    .register(metrics);
            running.add(new Running(subscription, new StreamConsumer(redis, metrics, stream, group, consumer,
                    maxDeliveries, claimAfter, attempts::stopping), skipped));
        }
    }

    /** The consumer group this service reads its streams with. */
    public String group() {
        return group;
    }

    void start(@Observes StartupEvent started) {
        for (Running r : running) {
            try {
                r.consumer().ensureGroup();
            } catch (RuntimeException e) {
                THROTTLED.warnf("group-not-created:" + r.consumer().stream(),
                        "Consumer group for %s not created yet (the first poll tries again): %s",
                        r.consumer().stream(), e.toString());
            }
        }
    }

    @Scheduled(every = "${helpdesk.events.poll-every:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        for (Running r : running) {
            if (attempts.stopping()) {
                return; // unread messages wait in the stream for the next replica or start
            }
            try {
                poll(r);
            } catch (RuntimeException e) {
                if (attempts.stopping()) {
                    return; // the clients close under a round that was under way; the next start reads on
                }
                THROTTLED.warnf("read-failed:" + r.consumer().stream(),
                        "Reading %s failed, the next round tries again: %s", r.consumer().stream(), e.toString());
            }
        }
    }

    /** The streams this service reads. */
    public List<String> streams() {
        return running.stream().map(r -> r.consumer().stream()).toList();
    }

    /** The consumer of one of this service's streams (for its dead letters). */
    public Optional<StreamConsumer> consumer(String stream) {
        return running.stream().map(Running::consumer).filter(c -> c.stream().equals(stream)).findFirst();
    }

    private void poll(Running r) {
        int handled = 0;
        try {
            r.consumer().ensureGroup();
            handled = r.consumer().poll((id, fields) -> deliver(r, id, fields.get("envelope")), batch);
        } finally {
            // Every round, even one cut short: what the handlers did must not wait for the next event.
            r.subscription().afterRound(handled);
        }
    }

    private void deliver(Running r, String messageId, String raw) throws Exception {
        EventEnvelope envelope = envelope(raw);
        Optional<EventType> known = EventType.named(envelope.type());
        if (known.isEmpty()) {
            r.skipped().increment();
            LOG.debugf("%s message %s has type %s, which this build does not know: skipped", r.consumer().stream(),
                    messageId, envelope.type());
            return;
        }
        deliver(r.subscription(), messageId, envelope, known.get());
    }

    private <P> void deliver(Subscription<P> subscription, String messageId, EventEnvelope envelope, EventType type)
            throws Exception {
        if (!type.stream().equals(subscription.stream().name())) {
            throw new StreamConsumer.Unreadable(type.wireName() + " does not travel on " + subscription.stream().name(), null);
        }
        P payload;
        try {
            payload = Envelopes.payload(json, envelope, subscription.stream().payloadType());
        } catch (IllegalArgumentException e) {
            throw new StreamConsumer.Unreadable(e.getMessage(), e);
        }
        Span span = tracer.spanBuilder(subscription.stream().name() + " process").setSpanKind(SpanKind.CONSUMER)
                .setParent(traces.restore(envelope.traceparent()))
                .setAttribute("messaging.system", "redis")
                .setAttribute("messaging.destination.name", subscription.stream().name())
                .setAttribute("messaging.consumer.group.name", group)
                .setAttribute("messaging.message.id", envelope.id())
                .setAttribute("helpdesk.event.type", type.wireName())
                .startSpan();
        try (Scope scope = span.makeCurrent()) {
            subscription.handle(new Received<>(messageId, type, envelope, payload));
        } catch (Exception e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }

    private EventEnvelope envelope(String raw) {
        if (raw == null) {
            throw new StreamConsumer.Unreadable("The message has no envelope", null);
        }
        EventEnvelope envelope;
        try {
            envelope = Envelopes.read(json, raw);
        } catch (IllegalArgumentException e) {
            throw new StreamConsumer.Unreadable(e.getMessage(), e);
        }
        if (envelope == null || envelope.id() == null || envelope.type() == null || envelope.payload() == null) {
            throw new StreamConsumer.Unreadable("The envelope lacks an id, a type or a payload", null);
        }
        return envelope;
    }
}
