package io.helpdesk.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.helpdesk.analytics.report.ScheduledReport;
import io.helpdesk.contracts.Channels;
import io.helpdesk.testing.TestStreams;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ScheduledReportTest {

    @Inject
    ScheduledReport scheduled;

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
}
