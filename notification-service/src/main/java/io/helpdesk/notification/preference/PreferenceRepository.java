package io.helpdesk.notification.preference;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;

/** The {@code preferences} collection, one document per user who changed a preference. */
@ApplicationScoped
public class PreferenceRepository implements PanacheMongoRepositoryBase<Preference, String> {
}
