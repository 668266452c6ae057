package io.helpdesk.ticket;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.contracts.UserEvents;
import io.helpdesk.platform.testing.TestStreams;

/**
 * People the ticket-service's directory knows: each is announced on {@code events.users} as the
 * auth-service would, then awaited through {@code GET /v1/people/{id}} (so the same helper serves the
 * packaged-jar tests).
 */
final class People {

    private static final TicketApi.Person READER = TicketApi.admin();

    private People() {
    }

    /** An active agent with this display name, known to the directory. */
    static TicketApi.Person agent(String name) {
        return registered(TicketApi.agent(), name);
    }

    static TicketApi.Person admin(String name) {
        return registered(TicketApi.admin(), name);
    }

    static TicketApi.Person customer(String name) {
        return registered(TicketApi.customer(), name);
    }

    /** Announces the caller's account as registered (version 1, active) and waits until the directory has it. */
    static TicketApi.Person registered(TicketApi.Person who, String name) {
        announce(EventType.USER_REGISTERED, who, name, who.role(), "ACTIVE", 1);
        return who;
    }

    /** Publishes a user event with the account after the change and waits until the directory shows it. */
    static void announce(EventType type, TicketApi.Person who, String name, String role, String status, long version) {
        publish(type, who, name, role, status, version);
        awaitStored(who.id(), role, status);
    }

    /** Publishes a user event without waiting. */
    static String publish(EventType type, TicketApi.Person who, String name, String role, String status, long version) {
        return TestStreams.publish(type, "admin-1", who.id(), version, UserEvents.Payload.account(who.id(),
                email(who), name, "en", role, null, "Acme " + name, "https://img.example/" + who.id() + ".png", status, true));
    }

    /** Publishes a user event as having happened at {@code occurredAt} (an old one read again), without waiting. */
    static void publishAt(Instant occurredAt, EventType type, TicketApi.Person who, String name, String role, String status,
            long version) {
        TestStreams.event(type, "admin-1", who.id(), version, UserEvents.Payload.account(who.id(), email(who), name, "en",
                role, null, "Acme " + name, "https://img.example/" + who.id() + ".png", status, true), null, occurredAt).publish();
    }

    static String email(TicketApi.Person who) {
        return who.id() + "@example.com";
    }

    static void awaitStored(String id, String role, String status) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            var card = READER.as().when().get("/v1/people/" + id).then().extract();
            return card.statusCode() == 200 && Objects.equals(role, card.path("role"))
                    && Objects.equals(status, card.path("status"));
        });
    }
}
