package io.helpdesk.platform.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

import io.helpdesk.platform.testing.MongoTestResource;

/** The GridFS backend against the MongoDB-wire server: the same contract as S3, and puts racing on one key. */
class GridFsObjectStoreTest extends ObjectStoreContractTest {

    private static final MongoTestResource SERVER = new MongoTestResource();
    private static MongoClient mongo;
    private static GridFsObjectStore store;

    @BeforeAll
    static void start() {
        SERVER.start();
        mongo = MongoClients.create(com.mongodb.MongoClientSettings.builder()
                .applyConnectionString(new com.mongodb.ConnectionString(MongoTestResource.connectionString()))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(2, java.util.concurrent.TimeUnit.SECONDS))
                .build());
        store = new GridFsObjectStore(mongo.getDatabase("storage"), "objects");
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
        store.upload(key, "text/plain", new ByteArrayInputStream(bytes("from replica a")));
        store.upload(key, "text/plain", new ByteArrayInputStream(bytes("from replica b")));
        store.keepNewest(key);
        store.keepNewest(key);
        assertEquals(1, versions(key));
        assertEquals("from replica b", read(key));

        String other = key();
        store.upload(other, "text/plain", new ByteArrayInputStream(bytes("first")));
        store.upload(other, "text/plain", new ByteArrayInputStream(bytes("second")));
        assertEquals("second", read(other), "a reader takes the version the writers will keep");
        store.keepNewest(other);
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
                        store.put(key, "text/plain", bytes("from replica " + replica));
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
