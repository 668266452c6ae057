package io.helpdesk.platform.devstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.index.MemoryUniqueIndex;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * mongo-java-server's memory backend with every change also written, as BSON, to an H2 MVStore file
 * that is read back at start. Queries run against the documents in memory (a scan of 100,000 tickets
 * matches Java objects instead of deserialising every stored document, as the H2 backend does on each
 * query); the file only takes writes. The MVStore commits in the background every
 * {@value #COMMIT_DELAY_MS} ms, so a {@code kill -9} loses at most the writes of that last interval
 * (as Redis with {@code appendfsync everysec}); a clean stop commits everything.
 *
 * <p>Each collection is one map {@code journal.<database>.<collection>} from a sequence number to the
 * document's BSON; the server's own bookkeeping collections ({@code system.namespaces},
 * {@code system.indexes}) are journaled the same way, so collections and unique indexes come back as
 * they were. The price is memory: the whole data set lives on the heap (see the devstack README).
 */
public final class JournaledMemoryBackend extends AbstractMongoBackend {

    static final long COMMIT_DELAY_MS = 1000;
    private static final String PREFIX = "journal.";

    private final MVStore store;

    public JournaledMemoryBackend(Path file) {
        this.store = new MVStore.Builder().fileName(file.toString()).open();
        store.setAutoCommitDelay((int) COMMIT_DELAY_MS);
        store.getMapNames().stream()
                .filter(name -> name.startsWith(PREFIX))
                .map(name -> name.substring(PREFIX.length(), name.indexOf('.', PREFIX.length())))
                .distinct()
                .forEach(this::resolveDatabase);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new JournaledDatabase(databaseName, getCursorRegistry(), store);
    }

    @Override
    public void close() {
        super.close();
        store.close();
    }

    private static String mapName(String fullCollectionName) {
        return PREFIX + fullCollectionName;
    }

    private static final class JournaledDatabase extends AbstractSynchronizedMongoDatabase<Integer> {

        private final MVStore store;

        JournaledDatabase(String databaseName, CursorRegistry cursorRegistry, MVStore store) {
            super(databaseName, cursorRegistry);
            this.store = store;
            initializeNamespacesAndIndexes();
        }

        @Override
        protected MongoCollection<Integer> openOrCreateCollection(String collectionName, CollectionOptions options) {
            MVMap<Long, byte[]> journal = store.openMap(mapName(getFullCollectionNamespace(collectionName)));
            return new JournaledCollection(this, collectionName, options, cursorRegistry, journal);
        }

        @Override
        protected Index<Integer> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                boolean sparse) {
            return new MemoryUniqueIndex(indexName, keys, sparse);
        }

        @Override
        protected long getStorageSize() {
            return 0;
        }

        @Override
        protected long getFileSize() {
            return 0;
        }

        @Override
        public void dropCollection(String collectionName, Oplog oplog) {
            super.dropCollection(collectionName, oplog);
            store.removeMap(mapName(getFullCollectionNamespace(collectionName)));
        }

        @Override
        public void drop(Oplog oplog) {
            super.drop(oplog);
            String prefix = mapName(getDatabaseName() + ".");
            store.getMapNames().stream().filter(name -> name.startsWith(prefix)).toList().forEach(store::removeMap);
        }

        @Override
        public void moveCollection(MongoDatabase oldDatabase, MongoCollection<?> collection, String newCollectionName) {
            String oldName = mapName(collection.getFullName());
            super.moveCollection(oldDatabase, collection, newCollectionName);
            MVMap<Long, byte[]> journal = store.openMap(oldName);
            store.renameMap(journal, mapName(getFullCollectionNamespace(newCollectionName)));
        }
    }

    /**
     * What MongoDB does with an index prefix, for the cases the services need: a condition on the first key
     * of a compound index that names its string values — an equality ({@code {ticketId: t, seq: {$lte: n}}}
     * on {@code (ticketId, seq)}), an {@code $in} of strings, or an {@code $or} whose every branch names
     * them ({@code {$or: [{status: {$in: [QUEUED, RETRYING]}, nextAttemptAt: {$lte: now}}, {status: SENDING,
     * leaseUntil: {$lt: now}}]}} on {@code (status, nextAttemptAt)} and {@code (status, leaseUntil)}).
     * mongo-java-server uses an index only for equalities on all the keys of a unique one, so such a query
     * scanned the whole collection: a ticket's newest messages cost more with every message ever written,
     * and every delivery the notification-service claimed scanned every delivery ever sent. Here the
     * positions of the documents are kept by that field's value (string values: the ids and states the
     * services use), and the query is matched against the positions of the values it names only, plus
     * those whose field is an array (which may hold one of them). Every candidate still goes through the
     * whole query, in the order of positions a scan would take.
     */
    static final class LeadingKeys {

        private static final String IN = "$in";
        private static final String OR = "$or";
        private static final TreeSet<Integer> NONE = new TreeSet<>();

        private final String field;
        private final Map<String, TreeSet<Integer>> byValue = new HashMap<>();
        private final TreeSet<Integer> arrays = new TreeSet<>();

        LeadingKeys(String field) {
            this.field = field;
        }

        /** The first key of a compound index, when it is a top-level field; null otherwise. */
        static String field(List<IndexKey> keys) {
            String first = keys.size() < 2 ? null : keys.get(0).getKey();
            return first == null || first.contains(".") ? null : first;
        }

        void add(int position, Document document) {
            Object value = document.get(field);
            if (value instanceof String string) {
                byValue.computeIfAbsent(string, v -> new TreeSet<>()).add(position);
            } else if (value instanceof Collection<?>) {
                arrays.add(position);
            }
        }

        void remove(int position, Document document) {
            Object value = document == null ? null : document.get(field);
            if (value instanceof String string) {
                TreeSet<Integer> positions = byValue.get(string);
                if (positions != null && positions.remove(position) && positions.isEmpty()) {
                    byValue.remove(string);
                }
            } else if (value instanceof Collection<?>) {
                arrays.remove(position);
            }
        }

        /**
         * Whether the query limits the field to named strings: a string, an {@code $in} of strings, or an
         * {@code $or} whose every branch does. Reads nothing of the collection; each string it names goes
         * to {@code named} (also those of branches before one that names nothing).
         */
        static boolean names(Document query, String field, Consumer<String> named) {
            Object condition = query.get(field);
            if (condition instanceof String value) {
                named.accept(value);
                return true;
            }
            if (condition instanceof Document operator) {
                if (operator.size() != 1 || !(operator.get(IN) instanceof List<?> values)
                        || !values.stream().allMatch(String.class::isInstance)) {
                    return false;
                }
                values.forEach(value -> named.accept((String) value));
                return true;
            }
            if (condition != null || query.containsKey(field) || !(query.get(OR) instanceof List<?> branches)
                    || branches.isEmpty()) {
                return false;
            }
            return branches.stream().allMatch(branch -> branch instanceof Document document
                    && names(PointLookups.flatten(document), field, named));
        }

        /**
         * The positions, ascending, a document can be at when it meets a query that {@link #names} the
         * field: those of the values it names, and those whose field is an array (which may hold one).
         */
        List<Integer> candidates(Document query) {
            if (arrays.isEmpty() && query.get(field) instanceof String value) {
                return new ArrayList<>(byValue.getOrDefault(value, NONE));
            }
            TreeSet<Integer> positions = new TreeSet<>(arrays);
            names(query, field, value -> positions.addAll(byValue.getOrDefault(value, NONE)));
            return new ArrayList<>(positions);
        }
    }

    /** A memory collection whose every insert, update and delete also goes to its journal map. */
    private static final class JournaledCollection extends MemoryCollection {

        private final MVMap<Long, byte[]> journal;
        /** By field: the positions of the documents by that field's value ({@link LeadingKeys}). */
        private final Map<String, LeadingKeys> leadingKeys = new HashMap<>();
        /** The journal key of the document at each position of the memory collection. */
        private long[] keys = new long[1024];
        private long nextKey;

        JournaledCollection(MongoDatabase database, String collectionName, CollectionOptions options,
                CursorRegistry cursorRegistry, MVMap<Long, byte[]> journal) {
            super(database, collectionName, options, cursorRegistry);
            this.journal = journal;
            for (Map.Entry<Long, byte[]> entry : journal.entrySet()) {
                int position = super.addDocumentInternal(decode(entry.getValue()));
                remember(position, entry.getKey());
                updateDataSize(entry.getValue().length);
            }
            Long last = journal.lastKey();
            this.nextKey = last == null ? 0 : last + 1;
        }

        /**
         * Point lookups as MongoDB makes them: a conjunction is read as one document, and a query with
         * an equality on every key of a unique index (and maybe more) is matched only against the
         * documents that index names, not the whole collection ({@link PointLookups}).
         */
        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit,
                int batchSize, Document fieldSelector) {
            Document flat = PointLookups.flatten(query);
            if (orderBy != null && orderBy.containsKey("$natural")) {
                // The order of positions, or its reverse, is what $natural asks for: a scan gives it.
                return super.queryDocuments(flat, orderBy, numberToSkip, limit, batchSize, fieldSelector);
            }
            for (Index<Integer> index : getIndexes()) {
                Document key = PointLookups.equalitiesOn(flat, index.getKeys());
                if (key != null && key.size() < flat.size() && index.canHandle(key)) {
                    return matchDocuments(flat, index.getPositions(key), orderBy, numberToSkip, limit, batchSize,
                            fieldSelector);
                }
            }
            // A query that is exactly a unique index's keys takes the server's own lookup (below).
            boolean exact = flat != null && getIndexes().stream().anyMatch(index -> index.canHandle(flat));
            for (Index<Integer> index : exact || flat == null ? List.<Index<Integer>>of() : getIndexes()) {
                String field = LeadingKeys.field(index.getKeys());
                if (field != null && LeadingKeys.names(flat, field, value -> { })) {
                    return matchDocuments(flat, leading(field).candidates(flat), orderBy, numberToSkip, limit, batchSize,
                            fieldSelector);
                }
            }
            return super.queryDocuments(flat, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }

        /** The positions by the value of a compound index's first key, made at its first use. */
        private LeadingKeys leading(String field) {
            return leadingKeys.computeIfAbsent(field, f -> {
                LeadingKeys keys = new LeadingKeys(f);
                streamAllDocumentsWithPosition().forEach(d -> keys.add(d.getPosition(), d.getDocument()));
                return keys;
            });
        }

        @Override
        protected Integer addDocumentInternal(Document document) {
            Integer position = super.addDocumentInternal(document);
            long key = nextKey++;
            remember(position, key);
            journal.put(key, encode(document));
            leadingKeys.values().forEach(keys -> keys.add(position, document));
            return position;
        }

        @Override
        protected void removeDocument(Integer position) {
            Document document = getDocument(position);
            super.removeDocument(position);
            journal.remove(keys[position]);
            leadingKeys.values().forEach(keys -> keys.remove(position, document));
        }

        @Override
        protected void handleUpdate(Integer position, Document oldDocument, Document newDocument) {
            super.handleUpdate(position, oldDocument, newDocument);
            journal.put(keys[position], encode(newDocument));
            leadingKeys.values().forEach(keys -> {
                keys.remove(position, oldDocument);
                keys.add(position, newDocument);
            });
        }

        private void remember(int position, long key) {
            if (position >= keys.length) {
                keys = Arrays.copyOf(keys, Math.max(position + 1, keys.length * 2));
            }
            keys[position] = key;
        }

        private static byte[] encode(Document document) {
            ByteBuf buffer = Unpooled.buffer();
            try {
                BsonEncoder.encodeDocument(document, buffer);
                byte[] bytes = new byte[buffer.readableBytes()];
                buffer.readBytes(bytes);
                return bytes;
            } finally {
                buffer.release();
            }
        }

        private static Document decode(byte[] bytes) {
            ByteBuf buffer = Unpooled.wrappedBuffer(bytes);
            try {
                return BsonDecoder.decodeBson(buffer);
            } finally {
                buffer.release();
            }
        }
    }
}
