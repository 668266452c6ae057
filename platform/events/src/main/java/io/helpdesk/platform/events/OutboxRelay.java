package io.helpdesk.platform.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import org.bson.Document;
import org.jboss.logging.Logger;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;

import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.jobs.Attempts;
import io.helpdesk.platform.logging.ThrottledLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Moves events from documents' {@code outbox} arrays to their Redis streams: right after the write
 * that added them ({@link Outbox}), and in one sweep every {@code helpdesk.events.outbox.sweep-every}
 * (5 s) over every collection whose documents extend {@link Outboxed}. XADD first, then pull
 * the entry from the document. A crash in between publishes the event again later, which consumers
 * absorb by deduplicating on the event id (at-least-once).
 *
 * <p>Within one instance a document has one publisher at a time: a flush and the sweep, or the
 * flushes of two quick writes to the same document, would otherwise read the same stored outbox and
 * each publish it. Each takes the document's lock (one of 256, by the hash of the collection and the
 * id) and reads its outbox afresh under it, so the second finds only what the first left. (A flush
 * that cannot have the lock within a second, held for this document or another of its stripe, leaves
 * the events to the sweep.) What the lock cannot stop: publishers of different instances meeting on a
 * document (a flush on one and the sweep every replica runs); the consumers' deduplication by event id
 * absorbs that. (A write that replaces the whole document keeps the stored outbox as it is, see
 * {@link Outbox#saveIf}, so it never puts back an entry published after its caller read it.)
 *
 * <p>An event that cannot be published while Redis answers (a wrong stream key, a broken entry)
 * counts an attempt; once it has used {@link Attempts#max()} it moves to the document's
 * {@value #FAILED_FIELD} array with the reason, and the events after it go on. The later events of
 * the same document wait behind it until then, so they still leave in order. When Redis itself does
 * not answer, no event is to blame: nothing is counted and the next sweep tries again.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final ThrottledLog THROTTLED = ThrottledLog.of(OutboxRelay.class);
    public static final String FIELD = "outbox";
    /** Events given up on, each with its attempts, reason and time: kept for an operator to replay. */
    public static final String FAILED_FIELD = "outboxFailed";
    /** How long a flush waits for another publisher of the same document before leaving it to the sweep. */
    private static final Duration FLUSH_WAIT = Duration.ofSeconds(1);

    private final RedisDataSource redis;
    private final StreamCommands<String, String, String> streams;
    private final MeterRegistry metrics;
    private final Attempts attempts;

    private final Instance<PanacheMongoRepositoryBase<?, ?>> repositories;
    private final Map<String, MongoCollection<Document>> collections = new ConcurrentHashMap<>();
    /** A document's lock is the stripe its collection and id hash to. */
    private final Lock[] publishers = new Lock[256];

    public OutboxRelay(RedisDataSource redis, MeterRegistry metrics, Attempts attempts,
            @Any Instance<PanacheMongoRepositoryBase<?, ?>> repositories) {
        this.repositories = repositories;
        this.redis = redis;
        this.streams = redis.stream(String.class);
        this.metrics = metrics;
        this.attempts = attempts;
        for (int i = 0; i < publishers.length; i++) {
            publishers[i] = new ReentrantLock();
        }
    }

    /**
     * Every collection whose documents extend {@link Outboxed}, found among the service's repositories
     * at start: the sweep covers them all, so no service keeps a sweep of its own.
     */
    void register(@Observes StartupEvent started) {
        for (PanacheMongoRepositoryBase<?, ?> repository : repositories) {
            if (Outboxed.class.isAssignableFrom(repository.mongoCollection().getDocumentClass())) {
                collections.putIfAbsent(repository.mongoCollection().getNamespace().getFullName(), documents(repository));
            }
        }
        // Every series this relay can count, at 0 from the start, so alerts see a rise from nothing.
        for (MongoCollection<Document> collection : collections.values()) {
            deferred(collection.getNamespace().getCollectionName());
            failed(collection.getNamespace().getCollectionName());
        }
        if (!collections.isEmpty()) {
            for (EventType type : EventType.values()) {
                published(type.stream());
            }
        }
    }

    private Counter published(String stream) {
        return Counter.builder("helpdesk.outbox.published").tag("stream", String.valueOf(stream))
                .description("Events moved from a document's outbox to their Redis stream").register(metrics);
    }

    private Counter deferred(String collection) {
        return Counter.builder("helpdesk.outbox.deferred").tag("collection", collection)
                .description("Writes whose events could not be published at once (Redis unreachable, or the"
                        + " document's lock held over a second); the sweep publishes them later")
                .register(metrics);
    }

    private Counter failed(String collection) {
        return Counter.builder("helpdesk.outbox.failed").tag("collection", collection)
                .description("Outbox events given up after the last attempt, kept in the document's outboxFailed array for replay")
                .register(metrics);
    }

    /** The collections swept (found at start), by namespace. */
    public Set<String> collections() {
        return Set.copyOf(collections.keySet());
    }

    @Scheduled(every = "${helpdesk.events.outbox.sweep-every:5s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduledSweep() {
        try {
            sweepAll();
        } catch (RuntimeException e) {
            THROTTLED.warnf("sweep-stopped", "Outbox sweep stopped, the next one goes on: %s", e.toString());
        }
    }

    /** Publishes every pending event of every registered collection; returns how many. */
    public int sweepAll() {
        int published = 0;
        for (MongoCollection<Document> collection : collections.values()) {
            published += sweep(collection);
        }
        return published;
    }

    /** Publishes the pending events of one document, right after the write that added them. */
    public void flush(PanacheMongoRepositoryBase<?, ?> repository, Object id) {
        flush(documents(repository), id);
    }

    private static MongoCollection<Document> documents(PanacheMongoRepositoryBase<?, ?> repository) {
        return repository.mongoCollection().withDocumentClass(Document.class);
    }

    /** Publishes the pending events of one document, right after the write that added them. */
    void flush(MongoCollection<Document> collection, Object id) {
        try {
            Lock lock = lockFor(collection, id);
            if (!tryLock(lock, FLUSH_WAIT)) {
                LOG.debugf("Outbox of %s/%s left to the sweep: its lock was held over a second",
                        collection.getNamespace(), id);
                deferred(collection.getNamespace().getCollectionName()).increment();
                return;
            }
            publishLocked(collection, id, lock);
        } catch (RuntimeException e) {
            // The events stay in the document; the next sweep publishes them.
            THROTTLED.warnf("not-published:" + collection.getNamespace(),
                    "Outbox of %s/%s not published yet: %s", collection.getNamespace(), id, e.toString());
            deferred(collection.getNamespace().getCollectionName()).increment();
        }
    }

    /** Publishes every pending event of the collection; returns how many. */
    public int sweep(MongoCollection<Document> collection) {
        int published = 0;
        for (Document pending : collection.find(Filters.exists(FIELD + ".0")).projection(Projections.include("_id"))
                .into(new ArrayList<>())) {
            if (attempts.stopping()) {
                break; // the rest stay in their documents for the next sweep
            }
            Object id = pending.get("_id");
            Lock lock = lockFor(collection, id);
            lock.lock();
            published += publishLocked(collection, id, lock);
        }
        return published;
    }

    /** The lock of one document's outbox on this instance (see {@link #publishers}). */
    private Lock lockFor(MongoCollection<Document> collection, Object id) {
        return publishers[Math.floorMod(31 * collection.getNamespace().hashCode() + id.hashCode(), publishers.length)];
    }

    /**
     * Publishes the events in one document's outbox as it is now, with {@code lock} (its {@link #lockFor})
     * held by the caller, and lets the lock go; returns how many.
     */
    private int publishLocked(MongoCollection<Document> collection, Object id, Lock lock) {
        try {
            Document document = collection.find(Filters.eq("_id", id)).projection(Projections.include(FIELD)).first();
            return document == null ? 0
                    : publishOutbox(collection, id, document.getList(FIELD, Document.class, List.of()));
        } finally {
            lock.unlock();
        }
    }

    private static boolean tryLock(Lock lock, Duration wait) {
        try {
            return lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private int publishOutbox(MongoCollection<Document> collection, Object id, List<Document> outbox) {
        int published = 0;
        for (Document entry : outbox) {
            try {
                publish(entry);
            } catch (RuntimeException e) {
                if (attempts.stopping() || !redisAnswers()) {
                    throw e; // not the entry's failure: it stays, uncounted, for the next sweep
                }
                if (failed(collection, id, entry, e)) {
                    continue;
                }
                break;
            }
            collection.updateOne(Filters.eq("_id", id),
                    Updates.pull(FIELD, Filters.eq("eventId", entry.getString("eventId"))));
            published(entry.getString("stream")).increment();
            published++;
        }
        return published;
    }

    private void publish(Document entry) {
        String stream = entry.getString("stream");
        String eventId = entry.getString("eventId");
        String type = entry.getString("type");
        String envelope = entry.getString("envelope");
        if (stream == null || eventId == null || type == null || envelope == null) {
            throw new IllegalStateException("The outbox entry lacks its stream, eventId, type or envelope");
        }
        streams.xadd(stream, Map.of("id", eventId, "type", type, "envelope", envelope));
    }

    /** Counts a failed publish; true when the entry was given up and moved out of the outbox. */
    private boolean failed(MongoCollection<Document> collection, Object id, Document entry, RuntimeException e) {
        int tried = entry.getInteger("attempts", 0) + 1;
        String reason = Attempts.reason(e);
        String eventId = entry.getString("eventId");
        String where = collection.getNamespace().getCollectionName();
        if (attempts.exhausted(tried)) {
            Document dead = new Document(entry).append("attempts", tried).append("failure", reason)
                    .append("failedAt", new Date());
            collection.updateOne(Filters.eq("_id", id), Updates.combine(
                    Updates.pull(FIELD, Filters.eq("eventId", eventId)), Updates.push(FAILED_FIELD, dead)));
            THROTTLED.errorf("given-up:" + where,
                    "Event %s of %s/%s given up after %d attempts: %s", eventId, where, id, tried, reason);
            failed(where).increment();
            return true;
        }
        collection.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq(FIELD + ".eventId", eventId)),
                Updates.combine(Updates.set(FIELD + ".$.attempts", tried), Updates.set(FIELD + ".$.failure", reason)));
        THROTTLED.warnf("retried:" + where,
                "Event %s of %s/%s not published (attempt %d of %d): %s", eventId, where, id, tried,
                attempts.max(), reason);
        return false;
    }

    private boolean redisAnswers() {
        try {
            redis.execute("PING");
            return true;
        } catch (RuntimeException down) {
            return false;
        }
    }
}
