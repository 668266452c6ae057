package io.helpdesk.platform.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.helpdesk.platform.contracts.Sealer;

/** The {@link Sealer} for secret event fields, from {@code helpdesk.events.sealing-key}. */
public class SealerProducer {

    @Produces
    @ApplicationScoped
    Sealer sealer(EventsConfig config) {
        return Sealer.fromBase64(config.sealingKey());
    }
}
