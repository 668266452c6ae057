package io.helpdesk.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;

import io.helpdesk.analytics.report.ScheduledReport;
import io.helpdesk.platform.contracts.Channels;
import io.helpdesk.platform.testing.TestStreams;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ScheduledReportTest {

    @Inject
    ScheduledReport scheduled;

    @Inject
    MongoClient mongo;

    @Test
    void theScheduledReportIsSentOnceWhateverTheNumberOfReplicas() {
        Instant due = Instant.parse("2026-03-09T07:00:00Z");
        assertTrue(scheduled.send(due));
        assertFalse(scheduled.send(due), "a second replica firing for the same minute sends nothing");
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var requests = TestStreams.entries(Channels.NOTIFICATION_REQUESTS_STREAM).stream()
                    .filter(entry -> entry.get("envelope").contains("2026-03-09T07:00:00Z")).toList();
            assertEquals(1, requests.size());
            String envelope = requests.get(0).get("envelope");
            assertTrue(envelope.contains("\"userId\":\"role:ADMIN\"") && envelope.contains("helpdesk-report.pdf"));
        });
    }

    @Test
    void aRunThatKeepsFailingEndsFailedWithItsReasonAndTheRunsAroundItAreSent() {
        MongoCollection<Document> runs = mongo.getDatabase("analytics").getCollection("report_runs");
        runs.insertOne(run("2026-04-06T07:00:00Z", Instant.parse("2026-03-30T07:00:00Z")));
        // A run whose window was lost: every attempt to draw it fails.
        runs.insertOne(run("2026-04-13T07:00:00Z", null));
        runs.insertOne(run("2026-04-20T07:00:00Z", Instant.parse("2026-04-14T07:00:00Z")));

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            scheduled.retryPending();
            assertEquals("FAILED", runs.find(new Document("_id", "2026-04-13T07:00:00Z")).first().getString("status"));
        });
        Document poison = runs.find(new Document("_id", "2026-04-13T07:00:00Z")).first();
        assertEquals(3, poison.getInteger("attempts"));
        assertFalse(poison.getString("failure").isBlank());
        assertNotNull(poison.get("finishedAt"));
        for (String id : List.of("2026-04-06T07:00:00Z", "2026-04-20T07:00:00Z")) {
            Document run = runs.find(new Document("_id", id)).first();
            assertEquals("SENT", run.getString("status"), id);
            assertEquals(1, run.getInteger("attempts"), id);
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var sent = TestStreams.entries(Channels.NOTIFICATION_REQUESTS_STREAM).stream()
                    .map(entry -> entry.get("envelope")).toList();
            assertEquals(1, sent.stream().filter(e -> e.contains("\"to\":\"2026-04-06T07:00:00Z\"")).count());
            assertEquals(1, sent.stream().filter(e -> e.contains("\"to\":\"2026-04-20T07:00:00Z\"")).count());
            assertEquals(0, sent.stream().filter(e -> e.contains("2026-04-13T07:00:00Z")).count());
        });
    }

    private static Document run(String due, Instant from) {
        return new Document("_id", due).append("at", new Date()).append("from", from == null ? null : Date.from(from))
                .append("to", Date.from(Instant.parse(due))).append("status", "PENDING").append("attempts", 0)
                .append("outbox", List.of());
    }
}
