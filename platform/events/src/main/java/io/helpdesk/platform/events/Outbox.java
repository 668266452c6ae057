package io.helpdesk.platform.events;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.conversions.Bson;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.Filters;
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
        document.outbox.addAll(List.of(events));
        repository.persistOrUpdate(document);
        relay.flush(repository, document.outboxId());
    }

    /**
     * Replaces the document with its events only if the stored one still matches {@code expected}
     * (optimistic concurrency, e.g. on a version): false, and nothing written, when it does not.
     */
    public <T extends Outboxed> boolean saveIf(PanacheMongoRepositoryBase<T, ?> repository, T document, Bson expected,
            OutboxEntry... events) {
        document.outbox.addAll(List.of(events));
        boolean written = repository.mongoCollection()
                .replaceOne(Filters.and(Filters.eq("_id", document.outboxId()), expected), document)
                .getMatchedCount() > 0;
        if (!written) {
            document.outbox.removeAll(List.of(events));
            return false;
        }
        relay.flush(repository, document.outboxId());
        return true;
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
