package io.helpdesk.chat.people;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.helpdesk.platform.people.PeopleDirectory;
import io.helpdesk.platform.people.Person;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;

/**
 * Display names for ids, as chat shows them beside the ids: read from the people directory in one
 * batch for whatever the cache does not hold, and kept for a short while ({@code CHAT_NAMES_CACHE}),
 * unknown ids too, so frames to a busy room do not each read MongoDB. An id the directory does not
 * know (or the system's own sender) has no name: null.
 */
@ApplicationScoped
public class Names {

    private static final Logger LOG = Logger.getLogger(Names.class);

    /** The sender of system messages: not a person. */
    public static final String SYSTEM = "system";

    /** Cached for an id the directory does not know (a cache holds no nulls). */
    private static final String UNKNOWN = "";

    private final PeopleDirectory directory;
    private final CaffeineCache cache;

    public Names(PeopleDirectory directory, @CacheName("people-names") Cache cache) {
        this.directory = directory;
        this.cache = cache.as(CaffeineCache.class);
    }

    /** The person's display name; null when unknown. */
    public String of(String id) {
        return id == null ? null : of(List.of(id)).get(id);
    }

    /** The display names of these ids, by id; unknown ids are absent. At most one directory read. */
    public Map<String, String> of(Collection<String> ids) {
        Map<String, String> names = new HashMap<>();
        Set<String> missing = new HashSet<>();
        for (String id : ids) {
            if (id == null || SYSTEM.equals(id)) {
                continue;
            }
            CompletableFuture<String> cached = cache.getIfPresent(id);
            String name = cached == null ? null : cached.getNow(null);
            if (name == null) {
                missing.add(id);
            } else if (!name.equals(UNKNOWN)) {
                names.put(id, name);
            }
        }
        if (!missing.isEmpty()) {
            Map<String, Person> found;
            try {
                found = directory.byIds(missing);
            } catch (RuntimeException e) {
                // Names are shown beside ids, never needed: without the directory the ids stand alone.
                LOG.debugf("Names not looked up: %s", e.toString());
                return names;
            }
            for (String id : missing) {
                Person person = found.get(id);
                String name = person == null || person.name == null || person.name.isBlank() ? UNKNOWN : person.name;
                cache.put(id, CompletableFuture.completedFuture(name));
                if (!name.equals(UNKNOWN)) {
                    names.put(id, name);
                }
            }
        }
        return names;
    }

    /** Drops the cached name: the person changed. */
    void forget(String id) {
        if (id != null) {
            cache.invalidate(id).await().indefinitely();
        }
    }
}
