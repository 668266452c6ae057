package io.helpdesk.ticket;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.contracts.UserEvents;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.TestStreams;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Only active agents and admins are assigned; one who stops being one gives their tickets back to the queue. */
@QuarkusTest
class AssigneesTest {

    @Test
    void onlyAnActiveAgentOrAdminTheDirectoryKnowsIsAssigned() {
        TicketApi.Person ada = People.customer("Ada Assigned");
        TicketApi.Person agent = People.agent("Alba Able");
        TicketApi.Person admin = People.admin("Abe Admin");
        TicketApi.Person disabled = People.agent("Dora Disabled");
        People.announce(EventType.USER_DISABLED, disabled, "Dora Disabled", Roles.AGENT, "DISABLED", 2);
        String id = TicketApi.openId(ada, "Who takes this?");

        for (String nobody : List.of("made-up-agent", TicketApi.agent().id(), disabled.id(), ada.id())) {
            TicketApi.patch(agent, id, Map.of("assigneeId", nobody)).then().statusCode(422)
                    .contentType(startsWith("application/problem+json"))
                    .body("errors[0].field", equalTo("assigneeId"))
                    .body("errors[0].detail", equalTo("is not an active agent or admin"));
        }
        TicketApi.patch(agent, id, Map.of("assigneeId", disabled.id(), "priority", "HIGH")).then().statusCode(422);
        agent.as().when().get("/v1/ticket/" + id).then().body("priority", equalTo("NORMAL")).body("version", equalTo(1));

        TicketApi.patch(admin, id, Map.of("assigneeId", admin.id())).then().statusCode(200)
                .body("assigneeId", equalTo(admin.id())).body("assigneeName", equalTo("Abe Admin"));
        TicketApi.patch(admin, id, Map.of("assigneeId", agent.id())).then().statusCode(200)
                .body("assigneeName", equalTo("Alba Able"));
        TicketApi.patch(agent, id, Map.of("assigneeId", "")).then().statusCode(200)
                .body("assigneeId", nullValue()).body("assigneeName", nullValue());
    }

    @Test
    void aDisabledAgentsOpenTicketsGoBackToTheQueueOnceWithTheReason() {
        TicketApi.Person ada = People.customer("Ada Queue");
        TicketApi.Person agent = People.agent("Dan Departing");
        TicketApi.Person admin = TicketApi.admin();
        String open = assigned(ada, agent, "Still open");
        String resolved = assigned(ada, agent, "Resolved, may reopen");
        TicketApi.patch(agent, resolved, Map.of("status", "RESOLVED")).then().statusCode(200);
        String closed = assigned(ada, agent, "Done");
        TicketApi.patch(agent, closed, Map.of("status", "CLOSED")).then().statusCode(200);

        TestStreams.Event disabled = TestStreams.event(EventType.USER_DISABLED, "admin-1", agent.id(), 2,
                UserEvents.Payload.account(agent.id(), People.email(agent), "Dan Departing",
                        "en", Roles.AGENT, null, null, null, "DISABLED", true));
        disabled.publish();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> unassignments(open) == 1 && unassignments(resolved) == 1);

        for (String id : List.of(open, resolved)) {
            admin.as().when().get("/v1/ticket/" + id).then().body("assigneeId", nullValue());
            JsonPath event = unassignment(id);
            assertEquals(EventType.TICKET_ASSIGNED.wireName(), event.getString("type"));
            assertEquals("system", event.getString("actor"));
            assertEquals("ASSIGNEE_DISABLED", event.getString("payload.reason"));
            assertEquals(agent.id(), event.getString("payload.previousAssigneeId"));
            assertNull(event.getString("payload.ticket.assigneeId"));
            admin.as().when().get("/v1/ticket/" + id + "/history").then().statusCode(200)
                    .body("[-1].action", equalTo("unassigned"))
                    .body("[-1].actorId", equalTo("system"))
                    .body("[-1].actorRole", equalTo("SYSTEM"))
                    .body("[-1].actorName", nullValue())
                    .body("[-1].reason", equalTo("ASSIGNEE_DISABLED"))
                    .body("[-1].from.assigneeId", equalTo(agent.id()))
                    .body("[-1].to.assigneeId", equalTo(""));
        }
        admin.as().when().get("/v1/ticket/" + closed).then().body("assigneeId", equalTo(agent.id()));
        int version = admin.as().when().get("/v1/ticket/" + open).then().extract().path("version");

        // The same event delivered again, then a later one that shows it was handled: nothing changes twice.
        disabled.publish();
        People.registered(TicketApi.agent(), "Marker After Redelivery");
        admin.as().when().get("/v1/ticket/" + open).then().body("version", equalTo(version));
        assertEquals(1, unassignments(open));
        assertEquals(1, unassignments(resolved));
        assertEquals(0, unassignments(closed));

        // An older event arriving late does not make the agent assignable again.
        People.publish(EventType.USER_REGISTERED, agent, "Dan Departing", Roles.AGENT, "ACTIVE", 1);
        People.registered(TicketApi.agent(), "Marker After Late Event");
        TicketApi.patch(admin, open, Map.of("assigneeId", agent.id())).then().statusCode(422);
    }

    @Test
    void aDeletedOrDemotedAgentsTicketsAreUnassignedWithTheirReason() {
        TicketApi.Person ada = People.customer("Ada Reasons");
        TicketApi.Person deleted = People.agent("Del Deleted");
        TicketApi.Person demoted = People.agent("Dee Demoted");
        String first = assigned(ada, deleted, "Deleted agent's");
        String second = assigned(ada, demoted, "Demoted agent's");

        People.announce(EventType.USER_DELETED, deleted, "Del Deleted", Roles.AGENT, "DELETED", 2);
        People.announce(EventType.USER_ROLE_CHANGED, demoted, "Dee Demoted", Roles.CUSTOMER, "ACTIVE", 2);

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> unassignments(first) == 1 && unassignments(second) == 1);
        assertEquals("ASSIGNEE_DELETED", unassignment(first).getString("payload.reason"));
        assertEquals("ASSIGNEE_NO_LONGER_STAFF", unassignment(second).getString("payload.reason"));
    }

    private static String assigned(TicketApi.Person customer, TicketApi.Person agent, String subject) {
        String id = TicketApi.openId(customer, subject);
        TicketApi.patch(agent, id, Map.of("assigneeId", agent.id())).then().statusCode(200);
        return id;
    }

    /** The system's unassignment events of the ticket (TicketAssigned with a reason). */
    private static List<JsonPath> unassignmentEvents(String ticketId) {
        return TicketApi.events(ticketId).stream().map(e -> JsonPath.from(e.get("envelope")))
                .filter(e -> e.getString("payload.reason") != null).toList();
    }

    private static int unassignments(String ticketId) {
        return unassignmentEvents(ticketId).size();
    }

    private static JsonPath unassignment(String ticketId) {
        List<JsonPath> events = unassignmentEvents(ticketId);
        assertEquals(1, events.size(), "one unassignment of " + ticketId);
        return events.get(0);
    }
}
