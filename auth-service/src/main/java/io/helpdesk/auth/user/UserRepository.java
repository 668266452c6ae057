package io.helpdesk.auth.user;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.runtime.StartupEvent;

@ApplicationScoped
public class UserRepository implements PanacheMongoRepositoryBase<User, String> {

    void indexes(@Observes StartupEvent started) {
        // The unique index is what makes duplicate sign-ups impossible, even when they race.
        documents().createIndex(Indexes.ascending("email"), new IndexOptions().unique(true).name("email_unique"));
        documents().createIndex(Indexes.ascending("role", "status"), new IndexOptions().name("role_status"));
    }

    public Optional<User> findByEmail(String normalizedEmail) {
        return find("email", normalizedEmail).firstResultOptional();
    }

    public MongoCollection<Document> documents() {
        return mongoCollection().withDocumentClass(Document.class);
    }

    public static String normalize(String email) {
        return email == null ? null : email.trim().toLowerCase(java.util.Locale.ROOT);
    }
}
