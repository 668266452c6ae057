package io.helpdesk.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.helpdesk.contracts.Channels;
import io.helpdesk.contracts.TicketEvents;
import io.helpdesk.notification.delivery.EventPlanner;
import io.helpdesk.platform.events.Events;
import io.helpdesk.platform.events.OutboxEntry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class NotificationTemplatesTest {

    @Inject
    RedisDataSource redis;

    @Inject
    Events events;

    @Test
    void everyTicketAndAccountMailReachesItsRecipient() throws Exception {
        String customer = UUID.randomUUID().toString();
        String agent = UUID.randomUUID().toString();
        String customerMail = NotificationDeliveryTest.unique("c");
        String agentMail = NotificationDeliveryTest.unique("a");
        Mails.user(redis, events, customer, customerMail, "Cleo", "en");
        Mails.user(redis, events, agent, agentMail, "Abe", "en");
        NotificationDeliveryTest.awaitOne(customerMail);
        NotificationDeliveryTest.awaitOne(agentMail);

        String ticketId = UUID.randomUUID().toString();
        ticket(TicketEvents.CREATED, ticketId, customer, null);
        ticket(TicketEvents.ASSIGNED, ticketId, customer, agent);
        ticket(TicketEvents.SLA_BREACHED, ticketId, customer, agent);
        ticket(TicketEvents.CLOSED, ticketId, customer, agent);
        Mails.publish(redis, events, Channels.USERS_STREAM, "PasswordChanged", customer, Map.of("userId", customer,
                "email", customerMail, "name", "Cleo", "locale", "en", "role", "CUSTOMER", "reason", "reset"));

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertEquals(4, Mails.to(customerMail).size());
            assertEquals(3, Mails.to(agentMail).size());
        });
        List<String> customerSubjects = Mails.to(customerMail).stream().map(Mails.Received::subject).toList();
        List<String> agentSubjects = Mails.to(agentMail).stream().map(Mails.Received::subject).toList();
        assertTrue(customerSubjects.containsAll(List.of("We received your request: Laptop", "Closed: Laptop",
                "Your password was changed")), customerSubjects.toString());
        assertTrue(agentSubjects.containsAll(List.of("Assigned to you: Laptop", "SLA breached: Laptop")),
                agentSubjects.toString());
    }

    @Test
    void aMessageADeadConsumerLeftPendingIsClaimedAndSent() throws Exception {
        String userId = UUID.randomUUID().toString();
        String email = NotificationDeliveryTest.unique("orphan");
        OutboxEntry entry = events.entry(Channels.USERS_STREAM, "UserRegistered", "test", userId, 1,
                Map.of("userId", userId, "email", email, "name", "Orphan", "locale", "en", "role", "CUSTOMER"));
        // Stop our own consumers from reading it first: a consumer that then "dies" takes it.
        String id = redis.stream(String.class).xadd(Channels.USERS_STREAM,
                Map.of("id", entry.eventId, "type", entry.type, "envelope", entry.envelope));
        boolean taken = redis.stream(String.class).xreadgroup(EventPlanner.GROUP, "a-consumer-that-died",
                Channels.USERS_STREAM, ">", new XReadGroupArgs().count(1000)).stream().anyMatch(m -> m.id().equals(id));
        Assumptions.assumeTrue(taken, "the service's own consumer read the message first");

        NotificationDeliveryTest.awaitOne(email);
        assertEquals(0, redis.stream(String.class).xpending(Channels.USERS_STREAM, EventPlanner.GROUP,
                io.quarkus.redis.datasource.stream.StreamRange.of(id, id), 1).size(), "acknowledged after the claim");
    }

    @Test
    void aRequestForARoleReachesEveryActiveUserWithIt() throws Exception {
        String admin1 = UUID.randomUUID().toString();
        String admin2 = UUID.randomUUID().toString();
        String mail1 = NotificationDeliveryTest.unique("adm1");
        String mail2 = NotificationDeliveryTest.unique("adm2");
        for (String[] admin : new String[][] { { admin1, mail1 }, { admin2, mail2 } }) {
            Mails.publish(redis, events, Channels.USERS_STREAM, "UserRegistered", admin[0], Map.of("userId", admin[0],
                    "email", admin[1], "name", "Admin", "locale", "en", "role", "ADMIN"));
            NotificationDeliveryTest.awaitOne(admin[1]);
        }
        Mails.publish(redis, events, Channels.NOTIFICATION_REQUESTS_STREAM, "NotificationRequested", "weekly",
                Map.of("template", "analytics-report", "userId", "role:ADMIN", "values", Map.of()));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertEquals(2, Mails.to(mail1).size());
            assertEquals(2, Mails.to(mail2).size());
        });
    }

    private void ticket(String type, String ticketId, String customer, String assignee) {
        TicketEvents.TicketSnapshot snapshot = new TicketEvents.TicketSnapshot(ticketId, "Laptop", "OPEN", "HIGH", null,
                List.of(), customer, null, assignee, Instant.now(), Instant.now(), null, null, null, Instant.now(), false,
                false, 2);
        Mails.publish(redis, events, Channels.TICKETS_STREAM, type, ticketId,
                events.toMap(new TicketEvents.Payload(snapshot, null, null, null, List.of())));
    }
}
