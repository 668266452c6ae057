package io.helpdesk.platform.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.helpdesk.platform.contracts.Sealer;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ClientProxy;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.runtime.StartupEvent;

/**
 * The {@link Sealer} for secret event fields, from {@code helpdesk.events.sealing-key}. Only the
 * services that seal or open fields (auth, notification) use it, so only they need the key: the
 * container drops this producer elsewhere, and with it the key's check at start. Where it stays, the
 * sealer is made at start, so a key that is not 32 bytes of base64 stops the service there, naming
 * {@code HELPDESK_EVENT_SEALING_KEY}, instead of failing every registration, reset or mail that seals.
 */
public class SealerProducer {

    static final String VARIABLE = "HELPDESK_EVENT_SEALING_KEY";

    @Produces
    @ApplicationScoped
    Sealer sealer(@ConfigProperty(name = "helpdesk.events.sealing-key") String key) {
        try {
            return Sealer.fromBase64(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(VARIABLE + " (helpdesk.events.sealing-key) is not 32 bytes in base64 ("
                    + e.getMessage() + "); make one with: openssl rand -base64 32", e);
        }
    }

    /**
     * Makes the sealer at start where the service uses one. Listed, not injected: an injection point here would
     * keep the producer, and the key's requirement, in the services that use neither; and listing, unlike a
     * lookup of one bean, does not warn that the container dropped it there.
     */
    void makeAtStart(@Observes StartupEvent started) {
        for (InstanceHandle<Sealer> sealer : Arc.container().listAll(Sealer.class)) {
            // The bean is behind a client proxy: unwrapping it makes the instance.
            ClientProxy.unwrap(sealer.get());
        }
    }
}
