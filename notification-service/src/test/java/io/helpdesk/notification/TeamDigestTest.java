package io.helpdesk.notification;

import static io.helpdesk.notification.TeamFixtures.awaitMail;
import static io.helpdesk.notification.TeamFixtures.message;
import static io.helpdesk.notification.TeamFixtures.publish;
import static io.helpdesk.notification.TeamFixtures.ticket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.helpdesk.notification.TeamFixtures.Person;
import io.helpdesk.notification.delivery.DeliveryRepository;
import io.helpdesk.notification.delivery.DigestItemRepository;
import io.helpdesk.notification.delivery.TeamDigest;
import io.helpdesk.notification.directory.RecipientRepository;
import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.contracts.TicketEvents;
import io.helpdesk.platform.security.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * New tickets as a digest: they wait in MongoDB for each team member, and the digest job (run here
 * directly, for periods of an hour the scheduler does not reach during the test) sends one mail per
 * member and period listing them, nothing when nothing waits, and never twice for one period.
 */
@QuarkusTest
@TestProfile(TeamDigestTest.Digest.class)
class TeamDigestTest {

    public static class Digest implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("notifications.team.new-tickets", "digest", "notifications.team.digest-every", "1h");
        }
    }

    private static final Duration PERIOD = Duration.ofHours(1);

    @Inject
    RecipientRepository recipients;

    @Inject
    DeliveryRepository deliveries;

    @Inject
    DigestItemRepository items;

    @Inject
    TeamDigest digest;

    @Test
    void twoNewTicketsMakeOneDigestPerTeamMemberAndAPeriodIsNeverSentTwice() throws Exception {
        TeamFixtures people = new TeamFixtures(recipients, deliveries);
        Person agent = people.person(Roles.AGENT, "ACTIVE", "Alan Agent");
        Person admin = people.person(Roles.ADMIN, "ACTIVE", "Ada Admin");
        Person customer = people.person(Roles.CUSTOMER, "ACTIVE", "Cass Customer");
        TicketEvents.TicketSnapshot first = ticket("Printer " + UUID.randomUUID(), customer, null);
        TicketEvents.TicketSnapshot second = ticket("Scanner " + UUID.randomUUID(), customer, null);
        for (TicketEvents.TicketSnapshot ticket : List.of(first, second)) {
            publish(EventType.TICKET_CREATED, customer.id(), new TicketEvents.Payload(ticket, null, null,
                    message(customer, Roles.CUSTOMER, "It broke.", false), List.of()));
        }
        awaitWaiting(agent, 2);
        awaitWaiting(admin, 2);
        awaitMail(customer, "We received your request: " + second.subject());
        assertEquals(List.of(), Mails.to(agent.email()), "no mail per ticket in digest mode");

        Instant now = Instant.now();
        assertEquals(2, digest.sendDue(now));
        assertEquals(0, digest.sendDue(now), "nothing waits any more");
        for (Person member : List.of(agent, admin)) {
            Mails.Received mail = awaitMail(member, "New tickets in the queue: 2");
            assertTrue(mail.text().contains("Cass Customer: " + first.subject() + " (priority HIGH, ticket "
                    + first.ticketId() + ")"), mail.text());
            assertTrue(mail.text().contains("Cass Customer: " + second.subject()), mail.text());
            assertFalse(mail.text().contains(customer.id()), mail.text());
        }
        assertEquals(List.of(), Mails.to(customer.email()).stream().filter(m -> m.subject().startsWith("New tickets"))
                .toList(), "customers never get the team's digest");

        // A ticket that comes in later waits for the next period, even if the job runs again in this one.
        TicketEvents.TicketSnapshot third = ticket("Monitor " + UUID.randomUUID(), customer, null);
        publish(EventType.TICKET_CREATED, customer.id(), new TicketEvents.Payload(third, null, null, null, List.of()));
        awaitWaiting(agent, 1);
        awaitWaiting(admin, 1);
        assertEquals(0, digest.sendDue(now), "one digest per member and period");

        // Two replicas ticking at once in the next period: one digest each member, not two.
        Instant next = now.plus(PERIOD);
        CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> digest.sendDue(next));
        CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> digest.sendDue(next));
        assertEquals(2, a.get() + b.get());
        Mails.Received later = awaitMail(agent, "New tickets in the queue: 1");
        assertTrue(later.text().contains(third.subject()) && !later.text().contains(first.subject()), later.text());
        awaitMail(admin, "New tickets in the queue: 1");

        assertEquals(0, digest.sendDue(next.plus(PERIOD)), "nothing is sent when nothing waits");
        Awaitility.await().atMost(TeamFixtures.WAIT).until(() -> Mails.to(agent.email()).size() == 2);
        assertEquals(2, Mails.to(admin.email()).size());
    }

    @Test
    void whatWaitsForSomeoneWhoLeftTheTeamIsDropped() {
        TeamFixtures people = new TeamFixtures(recipients, deliveries);
        Person agent = people.person(Roles.AGENT, "ACTIVE", "Leo Leaving");
        Person customer = people.person(Roles.CUSTOMER, "ACTIVE", "Cora Customer");
        publish(EventType.TICKET_CREATED, customer.id(), new TicketEvents.Payload(
                ticket("Keyboard " + UUID.randomUUID(), customer, null), null, null, null, List.of()));
        awaitWaiting(agent, 1);
        people.disable(agent);
        Awaitility.await().atMost(TeamFixtures.WAIT)
                .until(() -> "DISABLED".equals(recipients.findById(agent.id()).status));

        digest.sendDue(Instant.now().plus(PERIOD.multipliedBy(10)));
        assertEquals(0, items.waitingFor(agent.id()).size());
        assertEquals(List.of(), deliveries.list("userId", agent.id()));
    }

    private void awaitWaiting(Person member, int count) {
        Awaitility.await().atMost(TeamFixtures.WAIT).until(() -> items.waitingFor(member.id()).size() == count);
    }
}
