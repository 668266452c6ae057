package io.helpdesk.auth.audit;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.bson.Document;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.runtime.StartupEvent;

/** The {@code audit} collection. */
@ApplicationScoped
public class AuditRepository implements PanacheMongoRepositoryBase<AuditEntry, String> {

    void indexes(@Observes StartupEvent started) {
        mongoCollection().createIndex(Indexes.descending("at"), new IndexOptions().name("at"));
        mongoCollection().createIndex(Indexes.ascending("userId", "at"), new IndexOptions().name("user_at"));
    }

    /** One page of entries, newest first, optionally of one type and one user. */
    public List<AuditEntry> newestFirst(String type, String userId, int page, int size) {
        Document query = new Document();
        if (type != null) {
            query.append("type", type);
        }
        if (userId != null) {
            query.append("userId", userId);
        }
        return find(query, new Document("at", -1)).page(Page.of(page, size)).list();
    }
}
