package io.helpdesk.platform.devstack;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.helpdesk.platform.testing.FreePorts;
import io.helpdesk.platform.testing.RespClient;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

class InfrastructureTest {

    @TempDir
    Path data;

    @Test
    void mongoAndRedisDataSurviveARestart() throws Exception {
        DevstackConfig config = DevstackConfig.from(
                new String[] { "--data-dir", data.toString(), "--port-offset", String.valueOf(freeOffset()), "--infra-only" },
                Map.of());
        int redisPort = config.port(DevstackConfig.REDIS_PORT);

        try (Infrastructure first = Infrastructure.start(config); MongoClient mongo = MongoClients.create(config.mongoUri())) {
            mongo.getDatabase("tickets").getCollection("tickets").insertOne(new Document("_id", "t-1").append("subject", "Printer"));
            assertEquals("OK", RespClient.command("localhost", redisPort, "SET", "session:1", "alive"));
            try (S3Client s3 = s3(config)) {
                s3.createBucket(b -> b.bucket(DevstackConfig.S3_BUCKET));
                s3.putObject(r -> r.bucket(DevstackConfig.S3_BUCKET).key("ticket-service/attachments/t-1/a-1"),
                        RequestBody.fromString("screenshot"));
            }
            given().when().get("http://localhost:" + config.port(DevstackConfig.INBOX_PORT) + "/api/v1/messages")
                    .then().statusCode(200).body("total", equalTo(0));
        }

        try (Infrastructure second = Infrastructure.start(config); MongoClient mongo = MongoClients.create(config.mongoUri())) {
            Document ticket = mongo.getDatabase("tickets").getCollection("tickets").find(new Document("_id", "t-1")).first();
            assertEquals("Printer", ticket == null ? null : ticket.getString("subject"));
            assertEquals("alive", RespClient.command("localhost", redisPort, "GET", "session:1"));
            try (S3Client s3 = s3(config)) {
                assertEquals("screenshot", s3.getObjectAsBytes(r -> r.bucket(DevstackConfig.S3_BUCKET)
                        .key("ticket-service/attachments/t-1/a-1")).asUtf8String());
            }
        }
        assertTrue(Files.exists(data.resolve("s3").resolve(DevstackConfig.S3_BUCKET).resolve("ticket-service/attachments/t-1/a-1")));
        Map<String, String> env = ServiceEnvironment.of(config);
        assertEquals("s3", env.get("HELPDESK_STORAGE_BACKEND"));
        assertEquals(config.s3Endpoint(), env.get("HELPDESK_STORAGE_S3_ENDPOINT"));
        assertEquals(Files.readString(data.resolve("keys/s3-secret-key")).trim(), env.get("HELPDESK_STORAGE_S3_SECRET_ACCESS_KEY"));
    }

    @Test
    void theFormerH2StoreIsStillThereOnRequestAndForADataDirectoryThatHasIt() throws IOException {
        Map<String, String> external = Map.of("REDIS_URL", "redis://cache.internal:6379", "SMTP_HOST", "mail.internal",
                "HELPDESK_STORAGE_BACKEND", "gridfs");
        DevstackConfig config = DevstackConfig.from(new String[] { "--data-dir", data.toString(), "--port-offset",
                String.valueOf(freeOffset()), "--infra-only", "--mongo-store", "h2" }, external);
        try (Infrastructure h2 = Infrastructure.start(config); MongoClient mongo = MongoClients.create(config.mongoUri())) {
            mongo.getDatabase("tickets").getCollection("tickets").insertOne(new Document("_id", "t-1"));
            assertTrue(h2.rows().get(0)[0].contains("H2"));
        }
        assertTrue(Files.exists(data.resolve("mongo/helpdesk.mv")));
        assertFalse(Files.exists(data.resolve("mongo/helpdesk-journal.mv")));

        // A data directory of an earlier run keeps its H2 store by default: its data is still there.
        DevstackConfig byDefault = DevstackConfig.from(new String[] { "--data-dir", data.toString(), "--port-offset",
                String.valueOf(freeOffset()), "--infra-only" }, external);
        try (Infrastructure kept = Infrastructure.start(byDefault); MongoClient mongo = MongoClients.create(byDefault.mongoUri())) {
            assertEquals(1, mongo.getDatabase("tickets").getCollection("tickets").countDocuments());
            assertTrue(kept.rows().get(0)[0].contains("H2"));
        }
        assertFalse(Files.exists(data.resolve("mongo/helpdesk-journal.mv")));

        DevstackConfig journal = DevstackConfig.from(new String[] { "--data-dir", data.toString(), "--port-offset",
                String.valueOf(freeOffset()), "--infra-only", "--mongo-store", "journal" }, external);
        try (Infrastructure asked = Infrastructure.start(journal); MongoClient mongo = MongoClients.create(journal.mongoUri())) {
            assertEquals(0, mongo.getDatabase("tickets").getCollection("tickets").countDocuments(),
                    "the journal store does not read the H2 file");
        }
        assertTrue(Files.exists(data.resolve("mongo/helpdesk-journal.mv")));
        assertThrows(DevstackConfig.UsageException.class,
                () -> DevstackConfig.from(new String[] { "--mongo-store", "postgresql" }, Map.of()));
    }

    @Test
    void theS3ServerRefusesAnotherKey() {
        DevstackConfig config = DevstackConfig.from(
                new String[] { "--data-dir", data.toString(), "--port-offset", String.valueOf(freeOffset()), "--infra-only" },
                Map.of("MONGODB_URI", "mongodb://db.internal:27017", "REDIS_URL", "redis://cache.internal:6379",
                        "SMTP_HOST", "mail.internal"));
        try (Infrastructure s3Only = Infrastructure.start(config);
                S3Client wrong = S3Client.builder().endpointOverride(URI.create(config.s3Endpoint())).region(Region.US_EAST_1)
                        .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                                DevSecrets.S3_ACCESS_KEY_ID, "not-the-secret"))).build()) {
            assertEquals(403, assertThrows(S3Exception.class, () -> wrong.listBuckets()).statusCode());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void gridFsNeedsNoS3Server() throws IOException {
        DevstackConfig config = DevstackConfig.from(new String[] { "--data-dir", data.toString(), "--port-offset", "1" },
                Map.of("HELPDESK_STORAGE_BACKEND", "gridfs"));
        assertFalse(config.embeddedS3());
        Map<String, String> env = ServiceEnvironment.of(config);
        assertEquals("gridfs", env.get("HELPDESK_STORAGE_BACKEND"));
        assertFalse(env.containsKey("HELPDESK_STORAGE_S3_ENDPOINT"));
    }

    @Test
    void anExternalS3ServerIsGivenToTheServicesWithItsSettingsNotOnlyShownInTheBanner() throws IOException {
        DevstackConfig config = DevstackConfig.from(new String[] { "--data-dir", data.toString() }, Map.of(
                "HELPDESK_STORAGE_S3_ENDPOINT", "http://s3.internal:9000",
                "HELPDESK_STORAGE_S3_ACCESS_KEY_ID", "team-key",
                "HELPDESK_STORAGE_S3_SECRET_ACCESS_KEY", "team-secret",
                "HELPDESK_STORAGE_S3_BUCKET", "team-files",
                "HELPDESK_STORAGE_S3_REGION", "eu-west-1",
                "HELPDESK_STORAGE_S3_KEY_PREFIX", "",
                "PATH", "/usr/bin"));
        assertFalse(config.embeddedS3());

        // One environment for all five services: the ticket-service's files and the auth-service's avatars.
        Map<String, String> env = ServiceEnvironment.of(config);
        assertEquals("s3", env.get("HELPDESK_STORAGE_BACKEND"));
        assertEquals("http://s3.internal:9000", env.get("HELPDESK_STORAGE_S3_ENDPOINT"));
        assertEquals("team-key", env.get("HELPDESK_STORAGE_S3_ACCESS_KEY_ID"));
        assertEquals("team-secret", env.get("HELPDESK_STORAGE_S3_SECRET_ACCESS_KEY"));
        assertEquals("team-files", env.get("HELPDESK_STORAGE_S3_BUCKET"));
        assertEquals("eu-west-1", env.get("HELPDESK_STORAGE_S3_REGION"));
        assertEquals("true", env.get("HELPDESK_STORAGE_S3_PATH_STYLE"), "path-style, as MinIO wants, unless told otherwise");
        assertFalse(env.containsKey("HELPDESK_STORAGE_S3_KEY_PREFIX"), "an empty setting is left to the service's default");
        assertFalse(env.containsKey("PATH"));

        DevstackConfig virtualHosts = DevstackConfig.from(new String[] { "--data-dir", data.toString() }, Map.of(
                "HELPDESK_STORAGE_S3_ENDPOINT", "https://s3.eu-west-1.amazonaws.com",
                "HELPDESK_STORAGE_S3_PATH_STYLE", "false"));
        assertEquals("false", ServiceEnvironment.of(virtualHosts).get("HELPDESK_STORAGE_S3_PATH_STYLE"));
    }

    private static S3Client s3(DevstackConfig config) throws IOException {
        return S3Client.builder().endpointOverride(URI.create(config.s3Endpoint())).region(Region.US_EAST_1)
                .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        DevSecrets.S3_ACCESS_KEY_ID, DevSecrets.loadOrCreate(config.dataDir()).s3SecretKey())))
                .build();
    }

    @Test
    void externalAddressesReplaceTheEmbeddedServers() {
        DevstackConfig config = DevstackConfig.from(new String[0], Map.of(
                "MONGODB_URI", "mongodb://db.internal:27017",
                "REDIS_URL", "redis://cache.internal:6379",
                "SMTP_HOST", "mail.internal",
                "SMTP_PORT", "2525",
                "HELPDESK_STORAGE_S3_ENDPOINT", "http://s3.internal:9000"));
        assertEquals("mongodb://db.internal:27017", config.mongoUri());
        assertEquals("redis://cache.internal:6379", config.redisUrl());
        assertEquals("mail.internal", config.smtpHost());
        assertEquals(2525, config.smtpPort());
        assertEquals("http://s3.internal:9000", config.s3Endpoint());
        assertFalse(config.embeddedS3());

        try (Infrastructure none = Infrastructure.start(config)) {
            assertEquals("MongoDB (external)", none.rows().get(0)[0]);
            assertEquals(4, none.rows().size());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static int freeOffset() {
        return FreePorts.offsetFreeFor(List.of(DevstackConfig.MONGO_PORT, DevstackConfig.REDIS_PORT,
                DevstackConfig.SMTP_PORT, DevstackConfig.INBOX_PORT, DevstackConfig.S3_PORT));
    }
}
