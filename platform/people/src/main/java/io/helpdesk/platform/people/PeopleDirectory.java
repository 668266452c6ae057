package io.helpdesk.platform.people;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.platform.contracts.UserEvents;
import io.helpdesk.platform.events.Received;

/**
 * This service's copy of who is who, kept from {@code events.users}: every user event carries the
 * account as it is after the change, so a service shows names and checks assignees without asking
 * the auth-service on a request's path. A service's subscription on {@code EventStream.USERS} calls
 * {@link #apply}; a new consumer group reads the stream from its start, and the auth-service's
 * {@code UserUpdated} re-announcement of every account rebuilds it.
 */
@ApplicationScoped
public class PeopleDirectory {

    private static final List<String> STAFF = List.of("AGENT", "ADMIN");

    private final PersonRepository people;

    public PeopleDirectory(PersonRepository people) {
        this.people = people;
    }

    /**
     * Applies a user event unless a newer one was applied already; returns the person as the event
     * describes them (null for an event without a user).
     */
    public Person apply(Received<UserEvents.Payload> event) {
        UserEvents.Payload p = event.payload();
        if (p.userId() == null) {
            return null;
        }
        Person person = new Person();
        person.id = p.userId();
        person.name = p.name();
        person.email = p.email();
        person.role = p.role();
        person.status = p.status() != null ? p.status()
                : p.statusAfter(event.type(), people.findByIdOptional(p.userId()).map(known -> known.status).orElse(null));
        person.company = p.company();
        person.avatarUrl = p.avatarUrl();
        person.locale = p.locale() == null ? "en" : p.locale();
        person.version = event.version();
        people.saveUnlessNewer(person);
        return person;
    }

    public Optional<Person> find(String id) {
        return id == null ? Optional.empty() : people.findByIdOptional(id);
    }

    /** The people with these ids that are known, by id, in one read; unknown ids are absent. */
    public Map<String, Person> byIds(Collection<String> ids) {
        return people.byIds(ids);
    }

    /** Active agents and admins, by name: who work can be assigned to. */
    public List<Person> assignable() {
        return people.active(STAFF);
    }

    /** Whether a ticket may be assigned to this id: an active agent or admin this service knows. */
    public boolean assignable(String id) {
        return find(id).map(Person::assignable).orElse(false);
    }
}
