package io.helpdesk.platform.events;

import static io.helpdesk.platform.events.OutboxRelay.FAILED_FIELD;
import static io.helpdesk.platform.events.OutboxRelay.FIELD;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.conversions.Bson;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;

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

    /** Replacements tried while the relay keeps changing the document's outbox under them. */
    static final int REPLACE_TRIES = 10;

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
        replace(repository, document, null, events);
    }

    /**
     * Replaces the document with its events only if the stored one still matches {@code expected}
     * (optimistic concurrency, e.g. on a version): false, and nothing written, when it does not.
     */
    public <T extends Outboxed> boolean saveIf(PanacheMongoRepositoryBase<T, ?> repository, T document, Bson expected,
            OutboxEntry... events) {
        return replace(repository, document, expected, events);
    }

    /**
     * Replaces the stored document, keeping its outbox as it is now and adding {@code events}.
     *
     * <p>The outbox the caller read may be out of date: the relay publishes and pulls entries at any
     * time, and a document saved twice still holds the events of its first save. Writing it back as
     * read would put published events back, and they would leave again. So the replacement counts on
     * the stored outbox holding exactly the entries read, in order, with the same attempts; when it
     * does not, the outbox is read afresh and the replacement tried again. Every miss means the relay
     * moved on, which it can do only so often; {@value #REPLACE_TRIES} misses in a row fail the write.
     *
     * @param expected the caller's own condition, or null for an upsert without one
     * @return false, and nothing written, when {@code expected} no longer matches
     */
    private <T extends Outboxed> boolean replace(PanacheMongoRepositoryBase<T, ?> repository, T document,
            Bson expected, OutboxEntry... events) {
        MongoCollection<T> collection = repository.mongoCollection();
        Object id = document.outboxId();
        boolean upsert = expected == null;
        Bson mine = upsert ? Filters.eq("_id", id) : Filters.and(Filters.eq("_id", id), expected);
        List<OutboxEntry> asRead = document.outbox;
        List<OutboxEntry> stored = List.copyOf(asRead);
        for (int tried = 1; tried <= REPLACE_TRIES; tried++) {
            document.outbox = new ArrayList<>(stored);
            document.outbox.addAll(List.of(events));
            MongoWriteException collision = null;
            try {
                UpdateResult result = collection.replaceOne(Filters.and(mine, holding(stored)), document,
                        new ReplaceOptions().upsert(upsert));
                if (result.getMatchedCount() > 0 || result.getUpsertedId() != null) {
                    if (events.length > 0) { // what was waiting already is the sweep's
                        relay.flush(repository, id);
                    }
                    return true;
                }
            } catch (MongoWriteException e) {
                // An upsert whose filter missed the stored document (its outbox had changed) collides on _id.
                if (!upsert || e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    document.outbox = asRead;
                    throw e;
                }
                collision = e;
            }
            T now = collection.find(mine).projection(Projections.include(FIELD, FAILED_FIELD)).first();
            if (collision != null && (now == null || holds(now.outbox, stored))) {
                document.outbox = asRead;
                throw collision; // not on _id: another unique index
            }
            if (now == null) {
                if (upsert) { // deleted meanwhile: the upsert writes it anew
                    stored = List.of();
                    continue;
                }
                document.outbox = asRead;
                return false;
            }
            stored = now.outbox;
            document.outboxFailed = now.outboxFailed;
        }
        document.outbox = asRead;
        throw new IllegalStateException("The outbox of " + collection.getNamespace().getFullName() + " " + id
                + " changed under each of " + REPLACE_TRIES + " writes");
    }

    /** Whether {@code stored} has exactly the entries of {@code read}, in order, each with the same attempts. */
    private static boolean holds(List<OutboxEntry> stored, List<OutboxEntry> read) {
        if (stored.size() != read.size()) {
            return false;
        }
        for (int i = 0; i < read.size(); i++) {
            if (!Objects.equals(stored.get(i).eventId, read.get(i).eventId)
                    || stored.get(i).attempts != read.get(i).attempts) {
                return false;
            }
        }
        return true;
    }

    /** The stored outbox holds exactly these entries, in this order, each with the same attempts. */
    private static Bson holding(List<OutboxEntry> entries) {
        List<Bson> each = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            each.add(Filters.eq(FIELD + "." + i + ".eventId", entries.get(i).eventId));
            int attempts = entries.get(i).attempts;
            String path = FIELD + "." + i + ".attempts";
            // An entry written without the field was never tried: it reads as 0.
            each.add(attempts == 0 ? Filters.in(path, 0, null) : Filters.eq(path, attempts));
        }
        each.add(Filters.exists(FIELD + "." + entries.size(), false));
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
