package io.helpdesk.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.helpdesk.platform.testing.SmtpTestResource;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

/**
 * One trace from a request to what it causes in other services: a customer opens a ticket with a W3C
 * {@code traceparent}, the ticket-service's event carries the trace over {@code events.tickets}, the
 * notification-service plans the mail in it, keeps it on the delivery and sends the mail in it.
 */
class TraceSystemTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static SystemStack stack;

    @BeforeAll
    static void start() {
        stack = SystemStack.shared();
    }

    @Test
    void oneTraceIdRunsFromPostTicketToTheMailItCauses() {
        String traceId = hex(16);
        Map<String, String> customer = stack.newCustomer("traced");
        String ticket = given().auth().oauth2(customer.get("accessToken")).contentType("application/json")
                .header("traceparent", "00-" + traceId + "-" + hex(8) + "-01")
                .body(Map.of("subject", "Printer on fire", "description", "Smoke everywhere."))
                .when().post(stack.url(SystemStack.TICKET) + "/v1/ticket").then().statusCode(201).extract().path("id");

        String admin = stack.admin();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            List<Map<String, Object>> sent = sentTicketMails(admin, customer.get("id"));
            assertEquals(1, sent.size(), "the ticket-created mail was sent");
            assertEquals(traceId, sent.get(0).get("traceId"), "the delivery is in the request's trace");
        });
        assertTrue(mailTo(customer.get("email")).stream().anyMatch(m -> subjectOf(m).contains("Printer on fire")),
                "the mail of ticket " + ticket + " reached the customer");

        // A request without a trace starts its own: the next delivery carries a different, valid trace id.
        given().auth().oauth2(customer.get("accessToken")).contentType("application/json")
                .body(Map.of("subject", "Second printer", "description", "Also smoking."))
                .when().post(stack.url(SystemStack.TICKET) + "/v1/ticket").then().statusCode(201);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            List<Map<String, Object>> sent = sentTicketMails(admin, customer.get("id"));
            assertEquals(2, sent.size());
            String other = (String) sent.get(0).get("traceId");
            assertTrue(other != null && other.matches("[0-9a-f]{32}") && !other.equals(traceId), other);
        });
    }

    /** The delivery log's sent ticket-created mails of one user, newest first. */
    private static List<Map<String, Object>> sentTicketMails(String admin, String userId) {
        return given().auth().oauth2(admin).queryParam("userId", userId).queryParam("template", "ticket-created")
                .queryParam("status", "SENT")
                .when().get(stack.url(SystemStack.NOTIFICATION) + "/v1/notifications").then().statusCode(200)
                .extract().path("items");
    }

    private static List<MimeMessage> mailTo(String address) {
        return List.of(SmtpTestResource.greenMail().getReceivedMessages()).stream().filter(m -> {
            try {
                return m.getRecipients(Message.RecipientType.TO)[0].toString().equalsIgnoreCase(address);
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).toList();
    }

    private static String subjectOf(MimeMessage message) {
        try {
            return String.valueOf(message.getSubject());
        } catch (jakarta.mail.MessagingException e) {
            return "";
        }
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
