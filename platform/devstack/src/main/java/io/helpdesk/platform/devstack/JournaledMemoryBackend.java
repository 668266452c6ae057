package io.helpdesk.platform.devstack;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

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

    /** A memory collection whose every insert, update and delete also goes to its journal map. */
    private static final class JournaledCollection extends MemoryCollection {

        private final MVMap<Long, byte[]> journal;
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
            for (Index<Integer> index : getIndexes()) {
                Document key = PointLookups.equalitiesOn(flat, index.getKeys());
                if (key != null && key.size() < flat.size() && index.canHandle(key)) {
                    return matchDocuments(flat, index.getPositions(key), orderBy, numberToSkip, limit, batchSize,
                            fieldSelector);
                }
            }
            return super.queryDocuments(flat, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }

        @Override
        protected Integer addDocumentInternal(Document document) {
            Integer position = super.addDocumentInternal(document);
            long key = nextKey++;
            remember(position, key);
            journal.put(key, encode(document));
            return position;
        }

        @Override
        protected void removeDocument(Integer position) {
            super.removeDocument(position);
            journal.remove(keys[position]);
        }

        @Override
        protected void handleUpdate(Integer position, Document oldDocument, Document newDocument) {
            super.handleUpdate(position, oldDocument, newDocument);
            journal.put(keys[position], encode(newDocument));
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
