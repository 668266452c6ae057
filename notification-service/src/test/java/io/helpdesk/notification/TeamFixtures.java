package io.helpdesk.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;

import io.helpdesk.notification.delivery.Delivery;
import io.helpdesk.notification.delivery.DeliveryRepository;
import io.helpdesk.notification.directory.RecipientRepository;
import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.contracts.TicketEvents;
import io.helpdesk.platform.contracts.UserEvents;
import io.helpdesk.platform.testing.TestStreams;

/** People of the address book and ticket events for the team's mails, and what the service made of them. */
final class TeamFixtures {

    static final Duration WAIT = Duration.ofSeconds(30);

    private final RecipientRepository recipients;
    private final DeliveryRepository deliveries;

    TeamFixtures(RecipientRepository recipients, DeliveryRepository deliveries) {
        this.recipients = recipients;
        this.deliveries = deliveries;
    }

    record Person(String id, String email, String name) {
    }

    /** A person the address book knows (announced as the auth-service's directory rebuild does). */
    Person person(String role, String status, String name) {
        String id = UUID.randomUUID().toString();
        String email = NotificationDeliveryTest.unique(name.split(" ")[0].toLowerCase());
        TestStreams.publish(EventType.USER_UPDATED, "test", id, 1,
                UserEvents.Payload.account(id, email, name, "en", role, null, null, null, status, true));
        Awaitility.await().atMost(WAIT).until(() -> recipients.findByIdOptional(id).isPresent());
        return new Person(id, email, name);
    }

    /** Takes someone off the team, so later tests' tickets do not reach them. */
    void disable(Person... people) {
        for (Person person : people) {
            TestStreams.publish(EventType.USER_DISABLED, "test", person.id(), 99,
                    UserEvents.Payload.account(person.id(), person.email(), person.name(), "en", "AGENT", null, null,
                            null, "DISABLED", true));
        }
    }

    static TicketEvents.TicketSnapshot ticket(String subject, Person customer, Person assignee) {
        Instant now = Instant.now();
        return new TicketEvents.TicketSnapshot(UUID.randomUUID().toString(), subject, "OPEN", "HIGH", null, List.of(),
                customer.id(), customer.email(), assignee == null ? null : assignee.id(), now, now, null, null, null,
                now.plus(Duration.ofHours(8)), false, false, 1, now.plus(Duration.ofHours(1)), false);
    }

    static TicketEvents.TicketSnapshot assigned(TicketEvents.TicketSnapshot t, Person assignee) {
        return new TicketEvents.TicketSnapshot(t.ticketId(), t.subject(), t.status(), t.priority(), t.category(),
                t.tags(), t.customerId(), t.customerEmail(), assignee == null ? null : assignee.id(), t.createdAt(),
                t.updatedAt(), t.firstResponseAt(), t.resolvedAt(), t.closedAt(), t.slaDueAt(), t.slaBreached(),
                t.deleted(), t.version() + 1, t.firstResponseDueAt(), t.firstResponseBreached());
    }

    static TicketEvents.Message message(Person sender, String role, String text, boolean internal) {
        return new TicketEvents.Message(UUID.randomUUID().toString(), sender.id(), role, text, internal, Instant.now());
    }

    /** Publishes a ticket event as the ticket-service does; returns its event id. */
    static String publish(EventType type, String actor, TicketEvents.Payload payload) {
        return TestStreams.publish(type, actor, payload.ticket().ticketId(), payload.ticket().version(), payload);
    }

    /** The mail with this subject each person received, waiting for it. */
    static Mails.Received awaitMail(Person person, String subject) {
        Awaitility.await().atMost(WAIT).until(() -> Mails.to(person.email()).stream()
                .anyMatch(m -> subject.equals(m.subject())));
        try {
            return Mails.to(person.email()).stream().filter(m -> subject.equals(m.subject())).findFirst().orElseThrow();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The deliveries the event caused, among these people. */
    List<Delivery> plannedAmong(String eventId, Person... people) {
        Set<String> ids = Arrays.stream(people).map(Person::id).collect(Collectors.toSet());
        return deliveries.list("eventId", eventId).stream().filter(d -> ids.contains(d.userId)).toList();
    }

    /** Exactly {@code expected} of {@code among} were planned a mail for the event (once each have it, all were). */
    void assertReached(String eventId, List<Person> expected, Person... among) {
        Set<String> reached = plannedAmong(eventId, among).stream().map(d -> d.userId).collect(Collectors.toSet());
        assertEquals(expected.stream().map(Person::id).collect(Collectors.toSet()), reached,
                "expected " + expected.stream().map(Person::name).toList());
    }
}
