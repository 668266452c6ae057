package io.helpdesk.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.helpdesk.platform.testing.SmtpTestResource;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

/**
 * Work reaches agents, across the whole system: an account an admin made an agent is on the team the
 * notification-service keeps from {@code events.users}; a customer opens a ticket over HTTP and the
 * agent's inbox receives the new-ticket mail naming the customer; the customer's reply on the still
 * unassigned ticket reaches the agent too.
 */
class WorkReachesAgentsSystemTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static SystemStack stack;

    @BeforeAll
    static void start() {
        stack = SystemStack.shared();
    }

    @Test
    void aNewTicketAndTheCustomersReplyOnItReachTheAgentsInbox() {
        Map<String, String> agent = stack.newCustomer("Agnes");
        given().auth().oauth2(stack.admin()).contentType("application/json").body(Map.of("role", "AGENT"))
                .when().put(stack.url(SystemStack.AUTH) + "/v1/admin/users/" + agent.get("id") + "/role")
                .then().statusCode(200);
        // The notification-service reads events.users in order: once the reset code asked for after the
        // promotion is in the agent's inbox, it knows the account as an agent.
        given().contentType("application/json").body(Map.of("email", agent.get("email")))
                .when().post(stack.url(SystemStack.AUTH) + "/v1/user/reset-password").then().statusCode(202);
        awaitMail(agent.get("email"), "Your password reset code");

        Map<String, String> customer = stack.newCustomer("Cleo");
        String subject = "Printer on fire " + UUID.randomUUID();
        String ticketId = stack.openTicket(customer.get("accessToken"), subject);

        String created = awaitMail(agent.get("email"), "New ticket: " + subject);
        assertTrue(created.contains("Cleo opened a ticket (priority NORMAL)"), created);
        assertTrue(created.contains("Opened by the system tests"), created);
        assertTrue(created.contains(ticketId), created);
        assertFalse(created.contains(customer.get("id")) || created.contains(customer.get("email")),
                "the customer is named, not identified by id or address: " + created);

        given().auth().oauth2(customer.get("accessToken")).contentType("application/json")
                .body(Map.of("text", "It is still smoking."))
                .when().put(stack.url(SystemStack.TICKET) + "/v1/ticket/" + ticketId).then().statusCode(200);
        String reply = awaitMail(agent.get("email"), "Customer reply, unassigned: " + subject);
        assertTrue(reply.contains("Cleo replied on a ticket no one is assigned to:"), reply);
        assertTrue(reply.contains("It is still smoking."), reply);
    }

    /** The plain-text body of the first mail to {@code to} with this subject, waiting for it. */
    private static String awaitMail(String to, String subject) {
        return Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> find(to, subject), Optional::isPresent).orElseThrow();
    }

    private static Optional<String> find(String to, String subject) throws Exception {
        for (MimeMessage message : SmtpTestResource.greenMail().getReceivedMessages()) {
            if (subject.equals(message.getSubject()) && message.getRecipients(Message.RecipientType.TO) != null
                    && Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                            .anyMatch(address -> address.toString().equalsIgnoreCase(to))) {
                return Optional.ofNullable(text(message));
            }
        }
        return Optional.empty();
    }

    private static String text(Part part) throws MessagingException, java.io.IOException {
        if (part.isMimeType("text/plain")) {
            return String.valueOf(part.getContent());
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                String text = text(multipart.getBodyPart(i));
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }
}
