package io.helpdesk.auth.audit;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.conversions.Bson;

import com.mongodb.client.model.Filters;

import io.helpdesk.platform.web.paging.Keyset;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;

/** The {@code audit} collection. */
@ApplicationScoped
public class AuditRepository implements PanacheMongoRepositoryBase<AuditEntry, String> {

    /** The audit log's order: newest first. */
    public static final Keyset.Order NEWEST_FIRST = Keyset.Order.descending("audit", "at");

    /** The entries of one type and one user (each optional). */
    public static Bson filter(String type, String userId) {
        List<Bson> clauses = new ArrayList<>();
        if (type != null) {
            clauses.add(Filters.eq("type", type));
        }
        if (userId != null) {
            clauses.add(Filters.eq("userId", userId));
        }
        return clauses.isEmpty() ? Filters.empty() : Filters.and(clauses);
    }

    /** One page of entries, newest first, after the cursor (from the newest when it is null). */
    public Keyset.Slice<AuditEntry> newestFirst(String type, String userId, String cursor, int size) {
        List<AuditEntry> fetched = mongoCollection().find(Keyset.page(filter(type, userId), NEWEST_FIRST, cursor))
                .sort(NEWEST_FIRST.sort()).limit(size + 1).into(new ArrayList<>());
        return Keyset.slice(fetched, size, NEWEST_FIRST, e -> e.at, e -> e.id);
    }
}
