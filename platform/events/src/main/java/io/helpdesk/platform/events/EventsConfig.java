package io.helpdesk.platform.events;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code helpdesk.events.*}: how events are published and consumed, the same in every service. */
@ConfigMapping(prefix = "helpdesk.events")
public interface EventsConfig {

    /** The consumer group this service reads every stream with (its application name). */
    @WithDefault("${quarkus.application.name}")
    String group();

    /** How often every subscription reads its stream ({@code HELPDESK_EVENTS_POLL_EVERY}). */
    @WithDefault("1s")
    Duration pollEvery();

    /** Messages read per stream and round. */
    @WithDefault("100")
    int batch();

    /** Deliveries of one message before it moves to {@code <stream>.dead}. */
    @WithDefault("5")
    int maxDeliveries();

    /** How long a message stays pending with a consumer (a dead replica) before another claims it. */
    @WithDefault("30s")
    Duration claimAfter();

    /** Base64 of the 32-byte key that seals secret event fields; see {@link SealerProducer}. */
    String sealingKey();

    Outbox outbox();

    interface Outbox {
        /** How often the relay sweeps every outbox for events that could not leave at once. */
        @WithDefault("5s")
        Duration sweepEvery();
    }
}
