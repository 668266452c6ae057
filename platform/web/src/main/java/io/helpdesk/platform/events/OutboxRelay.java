package io.helpdesk.platform.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;

/**
 * Moves events from documents' {@code outbox} arrays to their Redis streams: XADD first, then pull
 * the entry from the document. A crash in between publishes the event again later, which consumers
 * absorb by deduplicating on the event id (at-least-once).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    public static final String FIELD = "outbox";

    private final StreamCommands<String, String, String> streams;
    private final MeterRegistry metrics;

    public OutboxRelay(RedisDataSource redis, MeterRegistry metrics) {
        this.streams = redis.stream(String.class);
        this.metrics = metrics;
    }

    /** Publishes the pending events of one document, right after the write that added them. */
    public void flush(MongoCollection<Document> collection, Object id) {
        try {
            relay(collection, Filters.eq("_id", id));
        } catch (RuntimeException e) {
            // The events stay in the document; the next sweep publishes them.
            LOG.warnf("Outbox of %s/%s not published yet: %s", collection.getNamespace(), id, e.toString());
            metrics.counter("helpdesk.outbox.deferred", "collection", collection.getNamespace().getCollectionName())
                    .increment();
        }
    }

    /** Publishes every pending event of the collection; returns how many. */
    public int sweep(MongoCollection<Document> collection) {
        return relay(collection, Filters.exists(FIELD + ".0"));
    }

    private int relay(MongoCollection<Document> collection, Bson filter) {
        int published = 0;
        List<Document> pending = collection.find(filter).projection(Projections.include(FIELD)).into(new ArrayList<>());
        for (Document document : pending) {
            for (Document entry : document.getList(FIELD, Document.class, List.of())) {
                streams.xadd(entry.getString("stream"), Map.of(
                        "id", entry.getString("eventId"),
                        "type", entry.getString("type"),
                        "envelope", entry.getString("envelope")));
                collection.updateOne(Filters.eq("_id", document.get("_id")),
                        Updates.pull(FIELD, Filters.eq("eventId", entry.getString("eventId"))));
                metrics.counter("helpdesk.outbox.published", "stream", entry.getString("stream")).increment();
                published++;
            }
        }
        return published;
    }
}
