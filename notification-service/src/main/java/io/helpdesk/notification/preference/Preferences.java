package io.helpdesk.notification.preference;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

/** What each user wants to receive: everything until they opt out. */
@ApplicationScoped
public class Preferences {

    private final PreferenceRepository repository;

    public Preferences(PreferenceRepository repository) {
        this.repository = repository;
    }

    public Preference of(String userId) {
        return repository.findByIdOptional(userId).orElseGet(() -> {
            Preference preference = new Preference();
            preference.id = userId;
            return preference;
        });
    }

    public Preference set(String userId, boolean ticketMail) {
        Preference preference = of(userId);
        preference.ticketMail = ticketMail;
        preference.updatedAt = Instant.now();
        repository.persistOrUpdate(preference);
        return preference;
    }

    public boolean wants(String userId) {
        return of(userId).ticketMail;
    }
}
