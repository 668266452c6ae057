package io.helpdesk.notification;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.contracts.Channels;
import io.helpdesk.platform.contracts.NotificationRequest;
import io.helpdesk.platform.contracts.Sealer;
import io.helpdesk.platform.contracts.TicketEvents;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.LogCapture;
import io.helpdesk.platform.testing.SmtpTestResource;
import io.helpdesk.platform.testing.TestStreams;
import io.helpdesk.platform.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class NotificationDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Seals codes as the auth-service does, with the key the service under test is configured with. */
    private final Sealer sealer = Sealer.fromBase64(
            ConfigProvider.getConfig().getValue("helpdesk.events.sealing-key", String.class));

    @Test
    void aNewAccountGetsAWelcomeMailWithHtmlAndText() throws Exception {
        String email = unique("ada");
        Mails.user(UUID.randomUUID().toString(), email, "Ada", "en");
        Mails.Received mail = awaitOne(email);
        assertEquals("Welcome to Helpdesk", mail.subject());
        assertTrue(mail.html().contains("Hello Ada,") && mail.html().contains("<table"), mail.html());
        assertTrue(mail.text().contains("Hello Ada,") && !mail.text().contains("<"), mail.text());
        assertTrue(mail.listUnsubscribe() != null && mail.listUnsubscribe().contains("/v1/notifications/unsubscribe?u="));
    }

    @Test
    void theResetCodeArrivesInTheUsersLanguageAndAlwaysGoes() throws Exception {
        String userId = UUID.randomUUID().toString();
        String email = unique("grete");
        Mails.user(userId, email, "Grete", "de");
        awaitOne(email);
        given().auth().oauth2(TestTokens.forUser(userId).sign()).contentType("application/json")
                .body(Map.of("ticketMail", false)).when().put("/v1/notifications/preferences").then().statusCode(200);

        Mails.publish(EventType.PASSWORD_RESET_REQUESTED, userId, Map.of("userId", userId,
                "email", email, "name", "Grete", "locale", "de", "otpSealed", sealer.seal("482913"), "expiresInMinutes", 10));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertEquals(2, Mails.to(email).size()));
        Mails.Received code = Mails.to(email).get(1);
        assertEquals("Ihr Code zum Zurücksetzen des Passworts", code.subject());
        assertTrue(code.html().contains("482913") && code.html().contains("10 Minuten"), code.html());
        assertTrue(code.text().contains("482913"), code.text());
        assertNull(code.listUnsubscribe(), "security mail has no unsubscribe link");
    }

    @Test
    void aRedeliveredEventSendsOneMail() throws Exception {
        String email = unique("once");
        String userId = UUID.randomUUID().toString();
        TestStreams.Event event = TestStreams.event(EventType.USER_REGISTERED, "test", userId, 1,
                Map.of("userId", userId, "email", email, "name", "Once", "locale", "en", "role", "CUSTOMER"));
        event.publish();
        event.publish();
        awaitOne(email);
        Thread.sleep(2000); // the duplicate has been read by now; it must not have produced a second mail
        assertEquals(1, Mails.to(email).size());
    }

    @Test
    void aReplyGoesToTheOtherPartyAndTheWatchersButNotToTheSenderAndNotesGoNowhere() throws Exception {
        String customer = UUID.randomUUID().toString();
        String agent = UUID.randomUUID().toString();
        String watcher = UUID.randomUUID().toString();
        String customerMail = unique("cust");
        String agentMail = unique("agent");
        String watcherMail = unique("watch");
        Mails.user(customer, customerMail, "Cass", "en");
        Mails.user(agent, agentMail, "Alan", "en");
        Mails.user(watcher, watcherMail, "Wanda", "en");
        awaitOne(customerMail);
        awaitOne(agentMail);
        awaitOne(watcherMail);

        String ticketId = UUID.randomUUID().toString();
        publishTicket(EventType.TICKET_REPLIED, ticketId, customer, agent, watcher,
                new TicketEvents.Message("m1", agent, Roles.AGENT, "internal only", true, Instant.now()));
        publishTicket(EventType.TICKET_REPLIED, ticketId, customer, agent, watcher,
                new TicketEvents.Message("m2", agent, Roles.AGENT, "Have you tried turning it off and on?", false, Instant.now()));

        Awaitility.await().atMost(WAIT).untilAsserted(() -> {
            assertEquals(2, Mails.to(customerMail).size());
            assertEquals(2, Mails.to(watcherMail).size());
        });
        Mails.Received reply = Mails.to(customerMail).get(1);
        assertEquals("New reply: Printer", reply.subject());
        assertTrue(reply.html().contains("Have you tried turning it off and on?"));
        assertFalse(reply.html().contains("internal only"));
        Thread.sleep(1500);
        assertEquals(1, Mails.to(agentMail).size(), "the sender is not told of their own reply");
    }

    @Test
    void optingOutStopsTicketMailAndTheSignedLinkWorksWithoutLogin() throws Exception {
        String customer = UUID.randomUUID().toString();
        String email = unique("optout");
        Mails.user(customer, email, "Otto", "en");
        Mails.Received welcome = awaitOne(email);
        String link = welcome.listUnsubscribe().replaceAll("^<|>$", "");
        String path = link.substring(link.indexOf("/v1/"));

        given().when().get(path.replaceAll("s=[^&]+", "s=forged")).then().statusCode(403);
        // Opening the link only asks; the one-click POST (what the page's button and mail clients send) opts out.
        given().when().get(path).then().statusCode(200).contentType(containsString("text/html"));
        given().auth().oauth2(TestTokens.forUser(customer).sign()).when().get("/v1/notifications/preferences").then()
                .body("ticketMail", equalTo(true));
        given().when().post(path).then().statusCode(200).contentType(containsString("text/html"));
        given().auth().oauth2(TestTokens.forUser(customer).sign()).when().get("/v1/notifications/preferences").then()
                .body("ticketMail", equalTo(false));

        publishTicket(EventType.TICKET_CREATED, UUID.randomUUID().toString(), customer, null, null, null);
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(admin())
                .queryParam("userId", customer).queryParam("status", "SKIPPED")
                .when().get("/v1/notifications").then().body("items.template", hasItem("ticket-created")));
        assertEquals(1, Mails.to(email).size());
    }

    @Test
    void withSmtpDownNothingIsLostAndEverythingGoesOnceItIsBack() throws Exception {
        SmtpTestResource.stopServer();
        List<String> emails = List.of(unique("out1"), unique("out2"), unique("out3"));
        try {
            for (String email : emails) {
                Mails.user(UUID.randomUUID().toString(), email, "Patient", "en");
            }
            Awaitility.await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(admin())
                    .queryParam("status", "RETRYING").queryParam("total", true).when().get("/v1/notifications").then()
                    .body("total", org.hamcrest.Matchers.greaterThanOrEqualTo(3)));
        } finally {
            SmtpTestResource.startServer();
        }
        Awaitility.await().atMost(WAIT).untilAsserted(() -> {
            for (String email : emails) {
                assertEquals(1, Mails.to(email).size(), email);
            }
        });
    }

    @Test
    void anImportReportArrivesWithItsPdf() throws Exception {
        String userId = UUID.randomUUID().toString();
        String email = unique("importer");
        Mails.user(userId, email, "Ivan", "en");
        awaitOne(email);
        NotificationRequest request = new NotificationRequest(NotificationRequest.IMPORT_REPORT, userId,
                Map.of("filename", "tickets.csv", "processed", 5, "succeeded", 4, "failed", 1),
                List.of(new NotificationRequest.Attachment("report.pdf", "application/pdf",
                        java.util.Base64.getEncoder().encodeToString("%PDF-1.7 test".getBytes()))));
        Mails.publish(EventType.NOTIFICATION_REQUESTED, "job-1",
                request);
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertEquals(2, Mails.to(email).size()));
        Mails.Received report = Mails.to(email).get(1);
        assertEquals("Import finished: tickets.csv", report.subject());
        assertTrue(report.text().contains("5 rows read, 4 tickets created, 1 rows refused"), report.text());
        assertEquals(List.of("report.pdf;application/pdf"), report.attachments());
    }

    @Test
    void codeMailsOverTheHourlyLimitAreNotSentButCountedAndLoggedOnceWithoutTheAddress() throws Exception {
        String userId = UUID.randomUUID().toString();
        String email = unique("flood");
        try (LogCapture logs = LogCapture.of("io.helpdesk.notification")) {
            for (int i = 0; i < 5; i++) {
                Mails.publish(EventType.PASSWORD_RESET_REQUESTED, userId, Map.of("userId", userId, "email", email,
                        "name", "Flo", "locale", "en", "otpSealed", sealer.seal("00000" + i), "expiresInMinutes", 10));
            }
            Awaitility.await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(admin())
                    .queryParam("userId", userId).queryParam("status", "SUPPRESSED").queryParam("total", true).when()
                    .get("/v1/notifications").then()
                    .body("total", equalTo(2)));
            // Regression: a WARN per suppressed delivery, each naming the recipient's address, so a flood of
            // mail for one person was a flood of log lines with their address in every one.
            List<String> lines = logs.lines(Level.WARNING, "hourly limit");
            assertTrue(lines.size() <= 1, "one line a minute at most: " + lines);
            assertEquals(List.of(), logs.lines(Level.ALL, email));
        }
        assertEquals(3, Mails.to(email).size());
        given().when().get("/q/metrics").then()
                .body(containsString("helpdesk_notifications_total{channel=\"EMAIL\",outcome=\"suppressed\""));
    }

    private void publishTicket(EventType type, String ticketId, String customer, String assignee, String watcher,
            TicketEvents.Message message) {
        TicketEvents.TicketSnapshot snapshot = new TicketEvents.TicketSnapshot(ticketId, "Printer", "OPEN", "NORMAL", null,
                List.of(), customer, null, assignee, Instant.now(), Instant.now(), null, null, null, Instant.now(), false,
                false, 2, null, false);
        TicketEvents.Payload payload = new TicketEvents.Payload(snapshot, null, null, message,
                watcher == null ? List.of() : List.of(watcher));
        Mails.publish(type, ticketId, payload);
    }

    static String admin() {
        return TestTokens.forUser("admin-1").role(Roles.ADMIN).sign();
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    static Mails.Received awaitOne(String email) {
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertEquals(1, Mails.to(email).size()));
        try {
            return Mails.to(email).get(0);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
