package io.helpdesk.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;


import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.contracts.Channels;
import io.helpdesk.platform.contracts.TicketEvents;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.RedisTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class NotificationTemplatesTest {

    @Test
    void everyTicketAndAccountMailReachesItsRecipient() throws Exception {
        String customer = UUID.randomUUID().toString();
        String agent = UUID.randomUUID().toString();
        String customerMail = NotificationDeliveryTest.unique("c");
        String agentMail = NotificationDeliveryTest.unique("a");
        Mails.user(customer, customerMail, "Cleo", "en");
        Mails.user(agent, agentMail, "Abe", "en", Roles.AGENT); // staff mails reach staff alone
        NotificationDeliveryTest.awaitOne(customerMail);
        NotificationDeliveryTest.awaitOne(agentMail);
        try {
            ticketAndAccountMails(customer, customerMail, agent, agentMail);
        } finally {
            Mails.publish(EventType.USER_DISABLED, agent, Map.of("userId", agent, "email", agentMail, "name", "Abe",
                    "locale", "en", "role", Roles.AGENT, "status", "DISABLED")); // off the team for later tests
        }
    }

    private void ticketAndAccountMails(String customer, String customerMail, String agent, String agentMail)
            throws Exception {
        String ticketId = UUID.randomUUID().toString();
        ticket(EventType.TICKET_CREATED, ticketId, customer, null);
        ticket(EventType.TICKET_ASSIGNED, ticketId, customer, agent);
        ticket(EventType.TICKET_SLA_BREACHED, ticketId, customer, agent);
        ticket(EventType.TICKET_CLOSED, ticketId, customer, agent);
        Mails.publish(EventType.PASSWORD_CHANGED, customer, Map.of("userId", customer,
                "email", customerMail, "name", "Cleo", "locale", "en", "role", "CUSTOMER", "reason", "reset"));

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertEquals(4, Mails.to(customerMail).size());
            assertEquals(4, Mails.to(agentMail).size());
        });
        List<String> customerSubjects = Mails.to(customerMail).stream().map(Mails.Received::subject).toList();
        List<String> agentSubjects = Mails.to(agentMail).stream().map(Mails.Received::subject).toList();
        assertTrue(customerSubjects.containsAll(List.of("We received your request: Laptop", "Closed: Laptop",
                "Your password was changed")), customerSubjects.toString());
        assertTrue(agentSubjects.containsAll(List.of("New ticket: Laptop", "Assigned to you: Laptop",
                "SLA breached: Laptop")), agentSubjects.toString());
    }

    @Test
    void aMessageADeadConsumerLeftPendingIsClaimedAndSent() throws Exception {
        String userId = UUID.randomUUID().toString();
        String email = NotificationDeliveryTest.unique("orphan");
        String id = Mails.user(userId, email, "Orphan", "en");
        // Race the service's own consumers for it: a consumer that then "dies" takes it.
        Object read = RedisTestResource.call("XREADGROUP", "GROUP", "notification-service", "a-consumer-that-died",
                "COUNT", "1000", "STREAMS", Channels.USERS_STREAM, ">");
        Assumptions.assumeTrue(read != null && read.toString().contains(id), "the service's own consumer read it first");

        NotificationDeliveryTest.awaitOne(email);
        assertEquals(List.of(), RedisTestResource.call("XPENDING", Channels.USERS_STREAM, "notification-service", "-", "+",
                "10", "a-consumer-that-died"), "acknowledged after the claim");
    }

    @Test
    void aRequestForARoleReachesEveryActiveUserWithIt() throws Exception {
        String admin1 = UUID.randomUUID().toString();
        String admin2 = UUID.randomUUID().toString();
        String mail1 = NotificationDeliveryTest.unique("adm1");
        String mail2 = NotificationDeliveryTest.unique("adm2");
        for (String[] admin : new String[][] { { admin1, mail1 }, { admin2, mail2 } }) {
            Mails.publish(EventType.USER_REGISTERED, admin[0], Map.of("userId", admin[0],
                    "email", admin[1], "name", "Admin", "locale", "en", "role", "ADMIN"));
            NotificationDeliveryTest.awaitOne(admin[1]);
        }
        Mails.publish(EventType.NOTIFICATION_REQUESTED, "weekly",
                Map.of("template", "analytics-report", "userId", "role:ADMIN", "values", Map.of()));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertEquals(2, Mails.to(mail1).size());
            assertEquals(2, Mails.to(mail2).size());
        });
    }

    private void ticket(EventType type, String ticketId, String customer, String assignee) {
        TicketEvents.TicketSnapshot snapshot = new TicketEvents.TicketSnapshot(ticketId, "Laptop", "OPEN", "HIGH", null,
                List.of(), customer, null, assignee, Instant.now(), Instant.now(), null, null, null, Instant.now(), false,
                false, 2, null, false);
        Mails.publish(type, ticketId,
                new TicketEvents.Payload(snapshot, null, null, null, List.of()));
    }
}
