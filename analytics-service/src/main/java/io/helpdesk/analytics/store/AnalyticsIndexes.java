package io.helpdesk.analytics.store;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.quarkus.runtime.StartupEvent;

/**
 * Every index of the analytics-service, per collection, created at start-up. A query this service runs
 * must be served by one of them (or by {@code _id}); {@code AnalyticsIndexCoverageTest} checks each
 * query shape against this list by the equality–sort–range rule.
 */
@ApplicationScoped
public class AnalyticsIndexes {

    private static final Logger LOG = Logger.getLogger(AnalyticsIndexes.class);

    /** Facts by creation time: the part days of a report window, a roll-up day recomputed, the next day with tickets. */
    public static final IndexModel WINDOW = new IndexModel(Indexes.ascending("deleted", "createdAt"), new IndexOptions().name("window"));
    /** One agent's facts of a window. */
    public static final IndexModel AGENT = new IndexModel(Indexes.ascending("assigneeId", "deleted", "createdAt"),
            new IndexOptions().name("agent_window"));
    /** The open backlog (ageing, waiting customers). */
    public static final IndexModel BACKLOG = new IndexModel(Indexes.ascending("open", "deleted"), new IndexOptions().name("backlog"));
    /** Rebuilds no replica works on, oldest lease first. */
    public static final IndexModel REBUILD_DUE = new IndexModel(Indexes.ascending("state", "leaseUntil"), new IndexOptions().name("due"));
    /** Scheduled report runs waiting for an attempt or held by one. */
    public static final IndexModel REPORT_WAITING = new IndexModel(Indexes.ascending("status"), new IndexOptions().name("waiting"));

    /** Collection to its indexes ({@code daily_rollups}, {@code rebuild_lock} and {@code analytics_state} are read by {@code _id} only). */
    public static final Map<String, List<IndexModel>> DECLARED = Map.of(
            "ticket_facts", List.of(WINDOW, AGENT, BACKLOG),
            "daily_rollups", List.of(),
            "rebuild_jobs", List.of(REBUILD_DUE),
            "rebuild_lock", List.of(),
            "analytics_state", List.of(),
            "report_runs", List.of(REPORT_WAITING));

    /** Indexes an earlier version created under a name now used otherwise or no more. */
    static final Map<String, List<String>> RETIRED = Map.of("ticket_facts", List.of("agent"));

    private final MongoDatabase database;

    public AnalyticsIndexes(MongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.database = mongo.getDatabase(database);
    }

    void create(@Observes StartupEvent started) {
        RETIRED.forEach((collection, names) -> names.forEach(name -> {
            try {
                database.getCollection(collection).dropIndex(name);
            } catch (MongoCommandException e) {
                LOG.debugf("no retired index %s on %s: %s", name, collection, e.getErrorCodeName());
            }
        }));
        DECLARED.forEach((collection, indexes) -> {
            if (!indexes.isEmpty()) {
                database.getCollection(collection).createIndexes(indexes);
            }
        });
    }
}
