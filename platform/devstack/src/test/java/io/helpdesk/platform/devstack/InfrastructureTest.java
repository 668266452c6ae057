package io.helpdesk.platform.devstack;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
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
            given().when().get("http://localhost:" + config.port(DevstackConfig.INBOX_PORT) + "/api/v1/messages")
                    .then().statusCode(200).body("total", equalTo(0));
        }

        try (Infrastructure second = Infrastructure.start(config); MongoClient mongo = MongoClients.create(config.mongoUri())) {
            Document ticket = mongo.getDatabase("tickets").getCollection("tickets").find(new Document("_id", "t-1")).first();
            assertEquals("Printer", ticket == null ? null : ticket.getString("subject"));
            assertEquals("alive", RespClient.command("localhost", redisPort, "GET", "session:1"));
        }
    }

    @Test
    void externalAddressesReplaceTheEmbeddedServers() {
        DevstackConfig config = DevstackConfig.from(new String[0], Map.of(
                "MONGODB_URI", "mongodb://db.internal:27017",
                "REDIS_URL", "redis://cache.internal:6379",
                "SMTP_HOST", "mail.internal",
                "SMTP_PORT", "2525"));
        assertEquals("mongodb://db.internal:27017", config.mongoUri());
        assertEquals("redis://cache.internal:6379", config.redisUrl());
        assertEquals("mail.internal", config.smtpHost());
        assertEquals(2525, config.smtpPort());

        try (Infrastructure none = Infrastructure.start(config)) {
            assertEquals("MongoDB (external)", none.rows().get(0)[0]);
            assertEquals(3, none.rows().size());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static int freeOffset() {
        return FreePorts.offsetFreeFor(List.of(DevstackConfig.MONGO_PORT, DevstackConfig.REDIS_PORT,
                DevstackConfig.SMTP_PORT, DevstackConfig.INBOX_PORT));
    }
}
