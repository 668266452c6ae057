package io.helpdesk.platform.people;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.runtime.StartupEvent;

/** The {@code people} collection: one versioned document per user. */
@ApplicationScoped
public class PersonRepository implements PanacheMongoRepositoryBase<Person, String> {

    void indexes(@Observes StartupEvent started) {
        mongoCollection().createIndex(Indexes.ascending("role", "status", "name"), new IndexOptions().name("role_status_name"));
    }

    /** Stores the person unless a newer version of them is stored already (events may arrive out of order). */
    public void saveUnlessNewer(Person person) {
        try {
            mongoCollection().replaceOne(Filters.and(Filters.eq("_id", person.id), Filters.lte("version", person.version)),
                    person, new ReplaceOptions().upsert(true));
        } catch (MongoWriteException e) {
            // A newer version is stored: the upsert's insert hit the existing id. Nothing to do.
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    /** The people with these ids that are known, by id, in one read. */
    public Map<String, Person> byIds(Collection<String> ids) {
        List<String> wanted = ids.stream().filter(Objects::nonNull).distinct().toList();
        Map<String, Person> found = new HashMap<>();
        if (!wanted.isEmpty()) {
            mongoCollection().find(Filters.in("_id", wanted)).forEach(p -> found.put(p.id, p));
        }
        return found;
    }

    /** Active people in these roles, by name. */
    public List<Person> active(Collection<String> roles) {
        return mongoCollection().find(Filters.and(Filters.in("role", roles), Filters.eq("status", Person.ACTIVE)))
                .sort(Sorts.ascending("name")).into(new java.util.ArrayList<>());
    }
}
