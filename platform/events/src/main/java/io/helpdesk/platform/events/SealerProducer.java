package io.helpdesk.platform.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.helpdesk.platform.contracts.Sealer;

/**
 * The {@link Sealer} for secret event fields, from {@code helpdesk.events.sealing-key}. Only the
 * services that seal or open fields (auth, notification) use it, so only they need the key: the
 * container drops this producer elsewhere, and with it the key's check at start.
 */
public class SealerProducer {

    @Produces
    @ApplicationScoped
    Sealer sealer(@ConfigProperty(name = "helpdesk.events.sealing-key") String key) {
        return Sealer.fromBase64(key);
    }
}
