package io.helpdesk.platform.events;

import static io.helpdesk.platform.events.OutboxRelay.FAILED_FIELD;
import static io.helpdesk.platform.events.OutboxRelay.FIELD;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.conversions.Bson;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;

import io.helpdesk.platform.contracts.EventType;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;

/**
 * How a service announces a change: it makes the events with {@link #event} and writes them with
 * the document in one call ({@link #insert}, {@link #save} or {@link #saveIf}). The events go into
 * the document's {@code outbox} in the same single-document write as the change, so a crash can
 * delay an event but never lose it or announce a change that did not happen; right after the write
 * {@link OutboxRelay} puts them on their streams, and its sweep retries whatever could not go.
 */
@ApplicationScoped
public class Outbox {

    /**
     * Replacements tried while others keep changing the document's outbox under them: the relay pulls
     * one entry per update, so a sweep draining a long outbox can cause a miss per entry.
     */
    static final int TRIES = 100;

    private final ObjectMapper json;
    private final OutboxRelay relay;
    private final TraceContext traces;

    public Outbox(ObjectMapper json, OutboxRelay relay, TraceContext traces) {
        this.json = json;
        this.relay = relay;
        this.traces = traces;
    }

    /**
     * One event, in the envelope every consumer reads, carrying the current trace context.
     *
     * @param payload an instance of {@link EventType#payloadType()}
     */
    public OutboxEntry event(EventType type, String actor, String subject, long version, Object payload) {
        return Envelopes.entry(json, type, actor, subject, version, payload, traces.current());
    }

    /** Inserts a new document with its events (a duplicate key fails as {@code persist} does). */
    public <T extends Outboxed> void insert(PanacheMongoRepositoryBase<T, ?> repository, T document,
            OutboxEntry... events) {
        document.outbox.addAll(List.of(events));
        repository.persist(document);
        relay.flush(repository, document.outboxId());
    }

    /** Inserts or replaces the document with its events. */
    public <T extends Outboxed> void save(PanacheMongoRepositoryBase<T, ?> repository, T document,
            OutboxEntry... events) {
        if (document.outboxId() == null) { // new, and its id is made on insert: no outbox is stored yet
            document.outbox.addAll(List.of(events));
            repository.persistOrUpdate(document);
            relay.flush(repository, document.outboxId());
            return;
        }
        if (!replace(repository, document, null, events)) {
            throw new IllegalStateException("The outbox of " + repository.mongoCollection().getNamespace()
                    .getFullName() + " " + document.outboxId() + " changed under each of " + TRIES + " writes");
        }
    }

    /**
     * Replaces the document with its events only if the stored one still matches {@code expected}
     * (optimistic concurrency, e.g. on a version): false, and nothing written, when it does not (or,
     * rarely, when its outbox kept changing under every try: the caller reads again as for a conflict).
     */
    public <T extends Outboxed> boolean saveIf(PanacheMongoRepositoryBase<T, ?> repository, T document, Bson expected,
            OutboxEntry... events) {
        return replace(repository, document, expected, events);
    }

    /**
     * Replaces the stored document, keeping its outbox and failed events as they are now and adding
     * {@code events}.
     *
     * <p>What the caller read may be out of date: the relay publishes and pulls entries at any time,
     * other writes add events, and a document saved twice still holds the events of its first save.
     * Writing the outbox back as read would put published events back, and they would leave again;
     * writing {@code outboxFailed} as read could drop events set aside since. So the replacement counts
     * on the stored arrays holding exactly the entries read (by event id, in order, the outbox's with
     * the same attempts); when they do not, they are read afresh and the replacement tried again. Each
     * miss means someone else changed them; after {@value #TRIES} the write gives up, and nothing of it
     * is written. Without {@code expected} a document that is not stored is inserted.
     *
     * @param expected the caller's own condition, or null to insert or replace
     * @return true when written; false when {@code expected} no longer matches or the tries ran out
     */
    private <T extends Outboxed> boolean replace(PanacheMongoRepositoryBase<T, ?> repository, T document,
            Bson expected, OutboxEntry... events) {
        MongoCollection<T> collection = repository.mongoCollection();
        Object id = document.outboxId();
        Bson mine = expected == null ? Filters.eq("_id", id) : Filters.and(Filters.eq("_id", id), expected);
        List<OutboxEntry> asRead = document.outbox;
        List<OutboxEntry> failedAsRead = document.outboxFailed;
        List<OutboxEntry> pending = List.copyOf(asRead);
        boolean written = false;
        try {
            for (int tried = 1; tried <= TRIES && !written; tried++) {
                document.outbox = new ArrayList<>(pending);
                document.outbox.addAll(List.of(events));
                Bson unchanged = Filters.and(holding(FIELD, pending, true),
                        holding(FAILED_FIELD, document.outboxFailed, false));
                written = collection.replaceOne(Filters.and(mine, unchanged), document).getMatchedCount() > 0;
                if (written) {
                    break;
                }
                T now = collection.find(mine).projection(Projections.include(FIELD, FAILED_FIELD)).first();
                if (now != null) {
                    pending = now.outbox;
                    document.outboxFailed = now.outboxFailed;
                } else if (expected != null) {
                    return false;
                } else {
                    document.outbox = new ArrayList<>(List.of(events));
                    document.outboxFailed = new ArrayList<>();
                    written = inserted(collection, document);
                    pending = List.of(); // if another insert came first, the next turn reads what it stored
                }
            }
            if (written && events.length > 0) { // what waited already is the sweep's
                relay.flush(repository, id);
            }
            return written;
        } finally {
            if (!written) { // the caller's copy as it was
                document.outbox = asRead;
                document.outboxFailed = failedAsRead;
            }
        }
    }

    /** Inserts the document; false when one with its id was stored first (then it is read and replaced). */
    private static <T extends Outboxed> boolean inserted(MongoCollection<T> collection, T document) {
        try {
            collection.insertOne(document);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY
                    && collection.countDocuments(Filters.eq("_id", document.outboxId())) > 0) {
                return false;
            }
            throw e; // another unique index, or not a collision at all
        }
    }

    /**
     * The stored array holds exactly these entries, by event id and in order (with the same attempts
     * when {@code attempts}); a missing array holds none.
     */
    private static Bson holding(String field, List<OutboxEntry> entries, boolean attempts) {
        List<Bson> each = new ArrayList<>();
        each.add(entries.isEmpty() ? Filters.or(Filters.exists(field, false), Filters.size(field, 0))
                : Filters.size(field, entries.size()));
        for (int i = 0; i < entries.size(); i++) {
            each.add(Filters.eq(field + "." + i + ".eventId", entries.get(i).eventId));
            if (attempts) {
                int tried = entries.get(i).attempts;
                String path = field + "." + i + ".attempts";
                // An entry written without the field was never tried: it reads as 0.
                each.add(tried == 0 ? Filters.in(path, 0, null) : Filters.eq(path, tried));
            }
        }
        return Filters.and(each);
    }

    /**
     * Adds events to a stored document without writing anything else of it, if it still matches
     * {@code expected}: for announcing a document as it is (a re-announcement), where a whole-document
     * write from an older read could undo what others wrote since. False when it does not match.
     */
    public <T extends Outboxed> boolean append(PanacheMongoRepositoryBase<T, ?> repository, Object id, Bson expected,
            OutboxEntry... events) {
        boolean written = repository.mongoCollection()
                .updateOne(Filters.and(Filters.eq("_id", id), expected), Updates.pushEach("outbox", List.of(events)))
                .getMatchedCount() > 0;
        if (written) {
            relay.flush(repository, id);
        }
        return written;
    }
}
