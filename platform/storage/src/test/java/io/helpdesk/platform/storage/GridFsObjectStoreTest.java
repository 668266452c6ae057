package io.helpdesk.platform.storage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.helpdesk.platform.testing.MongoTestResource;

/** The GridFS backend against the MongoDB-wire server: the same contract as S3. */
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
