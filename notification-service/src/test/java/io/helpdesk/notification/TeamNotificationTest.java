package io.helpdesk.notification;

import static io.helpdesk.notification.TeamFixtures.awaitMail;
import static io.helpdesk.notification.TeamFixtures.message;
import static io.helpdesk.notification.TeamFixtures.publish;
import static io.helpdesk.notification.TeamFixtures.ticket;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.helpdesk.notification.TeamFixtures.Person;
import io.helpdesk.notification.delivery.Delivery;
import io.helpdesk.notification.delivery.DeliveryRepository;
import io.helpdesk.notification.directory.RecipientRepository;
import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.contracts.TicketEvents;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Work reaches the team: who hears of a new ticket, a customer's reply, an SLA breach and an automatic
 * unassignment (with {@code notifications.team.new-tickets=each}, the default), and the names mails use.
 */
@QuarkusTest
class TeamNotificationTest {

    @Inject
    RecipientRepository recipients;

    @Inject
    DeliveryRepository deliveries;

    private TeamFixtures people;
    private Person agent;
    private Person admin;
    private Person customer;

    @BeforeEach
    void team() {
        people = new TeamFixtures(recipients, deliveries);
        agent = people.person(Roles.AGENT, "ACTIVE", "Alan Agent");
        admin = people.person(Roles.ADMIN, "ACTIVE", "Ada Admin");
        customer = people.person(Roles.CUSTOMER, "ACTIVE", "Cass Customer");
    }

    @AfterEach
    void offTheTeam() {
        people.disable(agent, admin);
    }

    @Test
    void aNewTicketMailsEveryActiveAgentAndAdminWhoWantsItNamingTheCustomer() throws Exception {
        Person invited = people.person(Roles.AGENT, "INVITED", "Ivy Invited");
        Person disabled = people.person(Roles.AGENT, "DISABLED", "Dan Disabled");
        Person optedOut = people.person(Roles.AGENT, "ACTIVE", "Otto Optout");
        Person otherCustomer = people.person(Roles.CUSTOMER, "ACTIVE", "Carl Customer");
        given().auth().oauth2(TestTokens.forUser(optedOut.id()).role(Roles.AGENT).sign()).contentType("application/json")
                .body(Map.of("ticketMail", false)).when().put("/v1/notifications/preferences").then().statusCode(200);
        try {
            TicketEvents.TicketSnapshot ticket = ticket("Printer jam " + UUID.randomUUID(), customer, null);
            String event = publish(EventType.TICKET_CREATED, customer.id(), new TicketEvents.Payload(ticket, null, null,
                    message(customer, Roles.CUSTOMER, "Tray 2 is stuck.", false), List.of()));

            for (Person member : List.of(agent, admin)) {
                Mails.Received mail = awaitMail(member, "New ticket: " + ticket.subject());
                assertTrue(mail.text().contains("Cass Customer opened a ticket (priority HIGH)"), mail.text());
                assertTrue(mail.html().contains("Tray 2 is stuck."), mail.html());
                assertFalse(mail.text().contains(customer.id()) || mail.text().contains(customer.email()), mail.text());
            }
            awaitMail(customer, "We received your request: " + ticket.subject());
            Awaitility.await().atMost(TeamFixtures.WAIT).until(() -> people.plannedAmong(event, optedOut).stream()
                    .anyMatch(d -> d.status == Delivery.Status.SKIPPED));
            people.assertReached(event, List.of(agent, admin, customer, optedOut), agent, admin, customer, invited,
                    disabled, optedOut, otherCustomer);
            assertEquals(List.of(), Mails.to(optedOut.email()));
        } finally {
            people.disable(optedOut);
        }
    }

    @Test
    void aCustomerReplyOnAnUnassignedTicketReachesTheTeamButNotTheCustomer() throws Exception {
        TicketEvents.TicketSnapshot ticket = ticket("Unassigned " + UUID.randomUUID(), customer, null);
        String reply = publish(EventType.TICKET_REPLIED, customer.id(), new TicketEvents.Payload(ticket, null, null,
                message(customer, Roles.CUSTOMER, "Any news?", false), List.of()));

        for (Person member : List.of(agent, admin)) {
            Mails.Received mail = awaitMail(member, "Customer reply, unassigned: " + ticket.subject());
            assertTrue(mail.text().contains("Cass Customer replied on a ticket no one is assigned to:"), mail.text());
            assertTrue(mail.text().contains("Any news?"), mail.text());
        }
        people.assertReached(reply, List.of(agent, admin), agent, admin, customer);
    }

    @Test
    void onAnAssignedTicketRepliesReachTheAssigneeAndWatchersNeverTheSenderAndNotesNeverTheCustomer() throws Exception {
        Person watcher = people.person(Roles.AGENT, "ACTIVE", "Wanda Watcher");
        try {
            TicketEvents.TicketSnapshot ticket = ticket("Assigned " + UUID.randomUUID(), customer, agent);
            List<String> watchers = List.of(watcher.id(), customer.id());
            String fromCustomer = publish(EventType.TICKET_REPLIED, customer.id(), new TicketEvents.Payload(ticket, null,
                    null, message(customer, Roles.CUSTOMER, "Still broken.", false), watchers));
            String note = publish(EventType.TICKET_REPLIED, agent.id(), new TicketEvents.Payload(ticket, null, null,
                    message(agent, Roles.AGENT, "Customer seems upset", true), watchers));
            String fromAgent = publish(EventType.TICKET_REPLIED, agent.id(), new TicketEvents.Payload(ticket, null, null,
                    message(agent, Roles.AGENT, "On our way.", false), watchers));

            Mails.Received toAssignee = awaitMail(agent, "New reply: " + ticket.subject());
            assertTrue(toAssignee.text().contains("Cass Customer replied on the ticket:"), toAssignee.text());
            Mails.Received toCustomer = awaitMail(customer, "New reply: " + ticket.subject());
            assertTrue(toCustomer.text().contains("Alan Agent replied on the ticket:"), toCustomer.text());
            assertTrue(toCustomer.text().contains("On our way."), toCustomer.text());
            assertFalse(toCustomer.text().contains(agent.email()) || toCustomer.html().contains(agent.email()),
                    "a customer never sees another person's address");
            Awaitility.await().atMost(TeamFixtures.WAIT).until(() -> Mails.to(watcher.email()).size() == 2);

            people.assertReached(fromCustomer, List.of(agent, watcher), agent, admin, customer, watcher);
            people.assertReached(fromAgent, List.of(customer, watcher), agent, admin, customer, watcher);
            // The note came before the agent's reply on the same stream: handled, and it reached no one.
            assertEquals(List.of(), deliveries.list("eventId", note));
            for (Person person : List.of(agent, customer, watcher)) {
                assertTrue(Mails.to(person.email()).stream().noneMatch(m -> m.text().contains("Customer seems upset")));
            }
        } finally {
            people.disable(watcher);
        }
    }

    @Test
    void anSlaBreachOnAnUnassignedTicketReachesTheTeamAndOnAnAssignedOneTheAssigneeAndWatchers() throws Exception {
        Person watcher = people.person(Roles.AGENT, "ACTIVE", "Wendy Watcher");
        try {
            TicketEvents.TicketSnapshot open = ticket("Breached " + UUID.randomUUID(), customer, null);
            String unassigned = publish(EventType.TICKET_SLA_BREACHED, "system", new TicketEvents.Payload(open, null, null,
                    null, List.of(), "FIRST_RESPONSE", null));
            for (Person member : List.of(agent, admin, watcher)) {
                Mails.Received mail = awaitMail(member, "SLA breached (first response): " + open.subject());
                assertTrue(mail.text().contains("its first response was due " + open.firstResponseDueAt()), mail.text());
                assertTrue(mail.text().contains("No one is assigned to it"), mail.text());
            }
            people.assertReached(unassigned, List.of(agent, admin, watcher), agent, admin, watcher, customer);

            TicketEvents.TicketSnapshot taken = TeamFixtures.assigned(open, agent);
            String assigned = publish(EventType.TICKET_SLA_BREACHED, "system", new TicketEvents.Payload(taken, null, null,
                    null, List.of(watcher.id(), customer.id()), "RESOLUTION", null));
            Mails.Received mail = awaitMail(agent, "SLA breached (resolution): " + open.subject());
            assertTrue(mail.text().contains("passed its resolution time (" + open.slaDueAt() + ")"), mail.text());
            assertTrue(mail.text().contains("Cass Customer is waiting for an answer."), mail.text());
            awaitMail(watcher, "SLA breached (resolution): " + open.subject());
            people.assertReached(assigned, List.of(agent, watcher), agent, admin, watcher, customer);
            assertTrue(Mails.to(customer.email()).stream().noneMatch(m -> m.subject().startsWith("SLA")),
                    "customers never get the team's mail");
        } finally {
            people.disable(watcher);
        }
    }

    @Test
    void aCustomerOrDisabledWatcherGetsNoTeamMailOnlyWhatCustomersMaySee() throws Exception {
        Person colleague = people.person(Roles.CUSTOMER, "ACTIVE", "Colin Colleague");
        Person departed = people.person(Roles.AGENT, "DISABLED", "Derek Departed");
        TicketEvents.TicketSnapshot ticket = ticket("Watched " + UUID.randomUUID(), customer, agent);
        List<String> watchers = List.of(colleague.id(), departed.id());
        String breach = publish(EventType.TICKET_SLA_BREACHED, "system", new TicketEvents.Payload(ticket, null, null,
                null, watchers, "RESOLUTION", null));
        String fromCustomer = publish(EventType.TICKET_REPLIED, customer.id(), new TicketEvents.Payload(ticket, null,
                null, message(customer, Roles.CUSTOMER, "Please hurry.", false), watchers));
        String toCustomer = publish(EventType.TICKET_ASSIGNED, admin.id(), new TicketEvents.Payload(
                TeamFixtures.assigned(ticket, colleague), null, agent.id(), null, watchers));
        String fromAgent = publish(EventType.TICKET_REPLIED, agent.id(), new TicketEvents.Payload(ticket, null, null,
                message(agent, Roles.AGENT, "Fixed it.", false), watchers));
        String closed = publish(EventType.TICKET_CLOSED, agent.id(), new TicketEvents.Payload(ticket, null, null, null,
                watchers));

        awaitMail(colleague, "New reply: " + ticket.subject());
        awaitMail(agent, "SLA breached (resolution): " + ticket.subject());
        // The events came in this order on one stream: once the last is planned, all were.
        Awaitility.await().atMost(TeamFixtures.WAIT)
                .until(() -> people.plannedAmong(closed, customer, colleague).size() == 2);
        people.assertReached(breach, List.of(agent), agent, admin, customer, colleague, departed);
        people.assertReached(fromCustomer, List.of(agent), agent, admin, customer, colleague, departed);
        people.assertReached(toCustomer, List.of(), agent, admin, customer, colleague, departed);
        people.assertReached(fromAgent, List.of(customer, colleague), agent, admin, customer, colleague);
        people.assertReached(closed, List.of(customer, colleague), agent, admin, customer, colleague);
        assertTrue(Mails.to(colleague.email()).stream().noneMatch(m -> m.subject().startsWith("SLA")
                || m.text().contains("Please hurry.") || m.subject().startsWith("Assigned")),
                "a customer watcher gets no team mail");
    }

    @Test
    void theTeamIsToldWhenTheSystemTakesATicketFromSomeoneWhoWasDisabled() throws Exception {
        Person departed = people.person(Roles.AGENT, "DISABLED", "Dora Departed");
        TicketEvents.TicketSnapshot ticket = ticket("Orphaned " + UUID.randomUUID(), customer, null);
        String byHand = publish(EventType.TICKET_ASSIGNED, admin.id(), new TicketEvents.Payload(ticket, null, agent.id(),
                null, List.of(), null, null));
        String bySystem = publish(EventType.TICKET_ASSIGNED, "system", new TicketEvents.Payload(ticket, null,
                departed.id(), null, List.of(), null, "ASSIGNEE_DISABLED"));

        for (Person member : List.of(agent, admin)) {
            Mails.Received mail = awaitMail(member, "Back in the queue: " + ticket.subject());
            assertTrue(mail.text().contains("Dora Departed was disabled, so this ticket is back in the unassigned queue."),
                    mail.text());
            assertFalse(mail.text().contains(departed.id()), mail.text());
        }
        people.assertReached(bySystem, List.of(agent, admin), agent, admin, customer, departed);
        assertEquals(List.of(), deliveries.list("eventId", byHand), "a person who unassigns knows it");
    }

    @Test
    void aPersonTheAddressBookDoesNotKnowIsNamedWithANeutralWordNeverAnId() throws Exception {
        String stranger = UUID.randomUUID().toString();
        Person unknown = new Person(stranger, "nobody@example.com", "nobody");
        TicketEvents.TicketSnapshot ticket = ticket("Stranger " + UUID.randomUUID(), unknown, agent);
        publish(EventType.TICKET_REPLIED, stranger, new TicketEvents.Payload(ticket, null, null,
                message(unknown, Roles.CUSTOMER, "Hello?", false), List.of()));

        Mails.Received mail = awaitMail(agent, "New reply: " + ticket.subject());
        assertTrue(mail.text().contains("The customer replied on the ticket:"), mail.text());
        assertFalse(mail.text().contains(stranger) || mail.html().contains(stranger), mail.text());
    }
}
