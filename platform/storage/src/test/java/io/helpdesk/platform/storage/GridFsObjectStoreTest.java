package io.helpdesk.platform.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.model.GridFSFile;

import io.helpdesk.platform.testing.MongoTestResource;

/**
 * The GridFS backend against the MongoDB-wire server: the same contract as S3, puts racing on one key,
 * superseded versions kept for their readers, and a version dropped while a reader opens it.
 */
class GridFsObjectStoreTest extends ObjectStoreContractTest {

    private static final MongoTestResource SERVER = new MongoTestResource();
    private static MongoClient mongo;
    private static GridFsObjectStore store;
    /** Drops superseded versions at once, to see the racing puts converge without waiting. */
    private static GridFsObjectStore noGrace;

    @BeforeAll
    static void start() {
        SERVER.start();
        mongo = MongoClients.create(com.mongodb.MongoClientSettings.builder()
                .applyConnectionString(new com.mongodb.ConnectionString(MongoTestResource.connectionString()))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(2, java.util.concurrent.TimeUnit.SECONDS))
                .build());
        store = new GridFsObjectStore(mongo.getDatabase("storage"), "objects");
        noGrace = new GridFsObjectStore(mongo.getDatabase("storage"), "objects", Duration.ZERO);
    }

    @AfterAll
    static void stop() {
        mongo.close();
        SERVER.stop();
    }

    @Test
    void twoPutsOfOneKeyInterleavedKeepTheNewerVersionAndNeverDeleteBoth() throws IOException {
        String key = key();
        // Two replicas: each uploads its version, then each drops what it does not keep.
        noGrace.upload(key, "text/plain", new ByteArrayInputStream(bytes("from replica a")));
        noGrace.upload(key, "text/plain", new ByteArrayInputStream(bytes("from replica b")));
        noGrace.keepNewest(key);
        noGrace.keepNewest(key);
        assertEquals(1, versions(key));
        assertEquals("from replica b", read(key));

        String other = key();
        noGrace.upload(other, "text/plain", new ByteArrayInputStream(bytes("first")));
        noGrace.upload(other, "text/plain", new ByteArrayInputStream(bytes("second")));
        assertEquals("second", read(other), "a reader takes the version the writers will keep");
        noGrace.keepNewest(other);
        assertEquals(1, versions(other));
        assertEquals("second", read(other));
    }

    @Test
    void twoPutsOfOneKeyRacingLeaveExactlyOneOfTheirVersions() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                String key = key();
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<?>> puts = new ArrayList<>();
                for (String replica : List.of("a", "b")) {
                    puts.add(pool.submit(() -> {
                        start.await(5, TimeUnit.SECONDS);
                        noGrace.put(key, "text/plain", bytes("from replica " + replica));
                        return null;
                    }));
                }
                for (Future<?> put : puts) {
                    put.get(30, TimeUnit.SECONDS);
                }
                assertEquals(1, versions(key), "round " + round);
                assertTrue(read(key).startsWith("from replica "), "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aReplacedVersionStaysForTheGraceSoAReaderThatOpenedItReadsItToTheEnd() throws Exception {
        GridFsObjectStore shortGrace = new GridFsObjectStore(mongo.getDatabase("storage"), "objects", Duration.ofMillis(500));
        String key = key();
        byte[] first = new byte[1024 * 1024];
        java.util.Arrays.fill(first, (byte) 'a');
        shortGrace.put(key, "text/plain", first);
        try (ObjectStore.StoredObject opened = shortGrace.open(key).orElseThrow()) {
            shortGrace.put(key, "text/plain", bytes("second"));
            assertEquals(2, versions(key), "the replaced version is kept for its readers");
            assertArrayEquals(first, opened.content().readAllBytes(), "the reader gets the whole of what it opened");
        }
        assertEquals("second", read(key), "a new reader gets the new content");

        Thread.sleep(600);
        shortGrace.put(key, "text/plain", bytes("third"));
        assertEquals(2, versions(key), "the next put drops what was superseded longer than the grace ago");
        assertEquals("third", read(key));
        shortGrace.delete(key);
        assertEquals(0, versions(key), "a delete drops every version at once");
        assertTrue(shortGrace.open(key).isEmpty());

        String kept = key();
        store.put(kept, "text/plain", bytes("one"));
        store.put(kept, "text/plain", bytes("two"));
        assertEquals(2, versions(kept), "with the default grace a put at once after another drops nothing");
        assertEquals("two", read(kept));
    }

    @Test
    void aVersionDroppedBetweenTheLookupAndTheOpeningIsLookedUpAgainNotA503() throws IOException {
        GridFSBucket bucket = GridFSBuckets.create(mongo.getDatabase("storage"), "objects");
        // A reader that finds the newest version, which is dropped before it opens the content.
        class DroppedWhileOpening extends GridFsObjectStore {
            private int lookups;

            DroppedWhileOpening() {
                super(mongo.getDatabase("storage"), "objects");
            }

            @Override
            GridFSFile newest(String key) {
                GridFSFile found = super.newest(key);
                if (lookups++ == 0 && found != null) {
                    bucket.delete(found.getId());
                }
                return found;
            }
        }

        String deleted = key();
        store.put(deleted, "text/plain", bytes("deleted meanwhile"));
        DroppedWhileOpening reader = new DroppedWhileOpening();
        assertTrue(reader.open(deleted).isEmpty(), "the key is gone: nothing, not a 503");
        assertEquals(2, reader.lookups);

        String replaced = key();
        store.upload(replaced, "text/plain", new ByteArrayInputStream(bytes("older")));
        store.upload(replaced, "text/plain", new ByteArrayInputStream(bytes("newer")));
        DroppedWhileOpening another = new DroppedWhileOpening();
        try (ObjectStore.StoredObject opened = another.open(replaced).orElseThrow()) {
            assertEquals("older", new String(opened.content().readAllBytes(), StandardCharsets.UTF_8),
                    "the version still there is read");
        }
    }

    private static long versions(String key) {
        return mongo.getDatabase("storage").getCollection("objects.files").countDocuments(new Document("filename", key));
    }

    private static String read(String key) throws IOException {
        try (ObjectStore.StoredObject stored = store.open(key).orElseThrow()) {
            return new String(stored.content().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    ObjectStore store() {
        return store;
    }

    @Override
    void stopServer() {
        MongoTestResource.stopServer();
    }

    @Override
    void startServer() {
        MongoTestResource.startServer();
    }
}
