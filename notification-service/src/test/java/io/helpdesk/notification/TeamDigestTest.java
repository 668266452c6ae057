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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.helpdesk.notification.TeamFixtures.Person;
import io.helpdesk.notification.delivery.Delivery;
import io.helpdesk.notification.delivery.DeliveryRepository;
import io.helpdesk.notification.delivery.DigestItemRepository;
import io.helpdesk.notification.delivery.TeamDigest;
import io.helpdesk.notification.directory.RecipientDirectory;
import io.helpdesk.notification.directory.RecipientRepository;
import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.contracts.TicketEvents;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.TestStreams;
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

    @Inject
    RecipientDirectory directory;

    private final List<Person> team = new ArrayList<>();

    /** Takes this test's members off the team, so other tests' tickets do not wait for them. */
    @AfterEach
    void offTheTeam() {
        new TeamFixtures(recipients, deliveries).disable(team.toArray(Person[]::new));
        team.clear();
    }

    @Test
    void twoNewTicketsMakeOneDigestPerTeamMemberAndAPeriodIsNeverSentTwice() throws Exception {
        TeamFixtures people = new TeamFixtures(recipients, deliveries);
        Person agent = member(people, Roles.AGENT, "Alan Agent");
        Person admin = member(people, Roles.ADMIN, "Ada Admin");
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

        // Counted among this test's members only: people other tests left on the team may have digests too.
        Instant now = Instant.now();
        digest.sendDue(now);
        assertDigests(1, agent, admin);
        digest.sendDue(now);
        assertDigests(1, agent, admin); // nothing waits any more
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
        digest.sendDue(now);
        assertDigests(1, agent, admin); // one digest per member and period

        // Two replicas ticking at once in the next period: one digest each member, not two.
        Instant next = now.plus(PERIOD);
        CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> digest.sendDue(next));
        CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> digest.sendDue(next));
        a.get();
        b.get();
        assertDigests(2, agent, admin);
        Mails.Received later = awaitMail(agent, "New tickets in the queue: 1");
        assertTrue(later.text().contains(third.subject()) && !later.text().contains(first.subject()), later.text());
        awaitMail(admin, "New tickets in the queue: 1");

        digest.sendDue(next.plus(PERIOD));
        assertDigests(2, agent, admin); // nothing is sent when nothing waits
        Awaitility.await().atMost(TeamFixtures.WAIT).until(() -> Mails.to(agent.email()).size() == 2);
        assertEquals(2, Mails.to(admin.email()).size());
    }

    @Test
    void whatWaitsForSomeoneWhoLeftTheTeamIsDropped() {
        TeamFixtures people = new TeamFixtures(recipients, deliveries);
        Person agent = member(people, Roles.AGENT, "Leo Leaving");
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

    @Test
    void aRedeliveredNewTicketIsListedInNoSecondDigest() throws Exception {
        TeamFixtures people = new TeamFixtures(recipients, deliveries);
        Person agent = member(people, Roles.AGENT, "Rita Redelivered");
        Person customer = people.person(Roles.CUSTOMER, "ACTIVE", "Rob Customer");
        TicketEvents.TicketSnapshot ticket = ticket("Router " + UUID.randomUUID(), customer, null);
        TestStreams.Event created = TestStreams.event(EventType.TICKET_CREATED, customer.id(), ticket.ticketId(),
                ticket.version(), new TicketEvents.Payload(ticket, null, null, null, List.of()));
        created.publish();
        awaitWaiting(agent, 1);
        Instant now = Instant.now();
        digest.sendDue(now);
        Mails.Received first = awaitMail(agent, "New tickets in the queue: 1");
        assertTrue(first.text().contains(ticket.subject()), first.text());
        assertEquals(0, items.waitingFor(agent.id()).size());

        // The consumer died after queueing and before acknowledging: the same event comes again. A ticket
        // opened after it on the same stream shows it was handled.
        created.publish();
        TicketEvents.TicketSnapshot later = ticket("Modem " + UUID.randomUUID(), customer, null);
        publish(EventType.TICKET_CREATED, customer.id(), new TicketEvents.Payload(later, null, null, null, List.of()));
        awaitWaiting(agent, 1);
        assertEquals(List.of(later.ticketId()), items.waitingFor(agent.id()).stream().map(i -> i.ticketId).toList());

        digest.sendDue(now.plus(PERIOD));
        assertDigests(2, agent);
        Awaitility.await().atMost(TeamFixtures.WAIT).until(() -> Mails.to(agent.email()).size() == 2);
        Mails.Received second = Mails.to(agent.email()).stream()
                .filter(m -> !m.text().equals(first.text())).findFirst().orElseThrow();
        assertEquals("New tickets in the queue: 1", second.subject());
        assertTrue(second.text().contains(later.subject()), second.text());
        assertFalse(second.text().contains(ticket.subject()), "one digest lists a ticket: " + second.text());
    }

    @Test
    void theNamesOfADigestsCustomersComeFromOneRead() {
        TeamFixtures people = new TeamFixtures(recipients, deliveries);
        Person agent = member(people, Roles.AGENT, "Nina Names");
        List<Person> customers = new ArrayList<>();
        for (String name : List.of("Carla One", "Cesar Two", "Chloe Three", "Conor Four")) {
            Person customer = people.person(Roles.CUSTOMER, "ACTIVE", name);
            customers.add(customer);
            publish(EventType.TICKET_CREATED, customer.id(), new TicketEvents.Payload(
                    ticket("Desk " + UUID.randomUUID(), customer, null), null, null, null, List.of()));
        }
        awaitWaiting(agent, customers.size());
        digest.sendDue(Instant.now());
        Delivery planned = digestsOf(agent).get(0);

        AtomicReference<Map<String, Object>> named = new AtomicReference<>();
        assertEquals(1, RecipientReads.during(() -> named.set(directory.withNames(planned.values))),
                "one read of the address book for every name of the digest");
        List<?> tickets = (List<?>) named.get().get("tickets");
        assertEquals(customers.stream().map(Person::name).collect(Collectors.toSet()), tickets.stream()
                .map(t -> ((Map<?, ?>) t).get("customerName")).collect(Collectors.toSet()));
    }

    /** An active agent or admin, taken off the team again after the test. */
    private Person member(TeamFixtures people, String role, String name) {
        Person member = people.person(role, "ACTIVE", name);
        team.add(member);
        return member;
    }

    private List<Delivery> digestsOf(Person member) {
        return deliveries.list("userId = ?1 and template = ?2", member.id(), "team-digest");
    }

    private void assertDigests(int count, Person... members) {
        for (Person member : members) {
            assertEquals(count, digestsOf(member).size(), member.name() + "'s digests");
        }
    }

    private void awaitWaiting(Person member, int count) {
        Awaitility.await().atMost(TeamFixtures.WAIT).until(() -> items.waitingFor(member.id()).size() == count);
    }
}
