package io.helpdesk.platform.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.helpdesk.platform.contracts.Sealer;

public class SealerProducer {

    @Produces
    @ApplicationScoped
    Sealer sealer(@ConfigProperty(name = "helpdesk.events.sealing-key") String key) {
        return Sealer.fromBase64(key);
    }
}
