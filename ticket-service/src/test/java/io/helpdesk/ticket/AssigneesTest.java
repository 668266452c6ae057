package io.helpdesk.ticket;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;

import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.contracts.UserEvents;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.TestStreams;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Only active agents and admins are assigned; one who stops being one gives their tickets back to the queue. */
@QuarkusTest
class AssigneesTest {

    @Inject
    MongoClient mongo;

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
                    .body("items[-1].action", equalTo("unassigned"))
                    .body("items[-1].actorId", equalTo("system"))
                    .body("items[-1].actorRole", equalTo("SYSTEM"))
                    .body("items[-1].actorName", nullValue())
                    .body("items[-1].reason", equalTo("ASSIGNEE_DISABLED"))
                    .body("items[-1].from.assigneeId", equalTo(agent.id()))
                    .body("items[-1].to.assigneeId", equalTo(""));
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

    @Test
    void aRegistrationAsCustomerReadAgainDoesNotUnassignThePromotedAgent() {
        TicketApi.Person ada = People.customer("Ada Replay");
        TicketApi.Person agent = TicketApi.agent();
        Instant registered = Instant.now().minus(Duration.ofDays(30));
        People.announce(EventType.USER_REGISTERED, agent, "Pat Promoted", Roles.CUSTOMER, "ACTIVE", 1);
        People.announce(EventType.USER_ROLE_CHANGED, agent, "Pat Promoted", Roles.AGENT, "ACTIVE", 2);
        String id = assigned(ada, agent, "Promoted agent's");

        // A rebuild: the directory starts empty and reads events.users from its start.
        forget(agent);
        People.publishAt(registered, EventType.USER_REGISTERED, agent, "Pat Promoted", Roles.CUSTOMER, "ACTIVE", 1);
        People.awaitStored(agent.id(), Roles.CUSTOMER, "ACTIVE");
        People.registered(TicketApi.agent(), "Marker After Replayed Registration");

        TicketApi.admin().as().when().get("/v1/ticket/" + id).then().body("assigneeId", equalTo(agent.id()));
        assertEquals(0, unassignments(id));
    }

    @Test
    void aDisableReadAgainDoesNotUnassignTicketsGivenAfterTheAgentWasEnabledAgain() {
        TicketApi.Person ada = People.customer("Ada Rebuild");
        TicketApi.Person agent = TicketApi.agent();
        Instant disabledAt = Instant.now().minus(Duration.ofDays(7));
        People.announce(EventType.USER_REGISTERED, agent, "Rae Returning", Roles.AGENT, "ACTIVE", 1);
        People.announce(EventType.USER_DISABLED, agent, "Rae Returning", Roles.AGENT, "DISABLED", 2);
        People.announce(EventType.USER_ENABLED, agent, "Rae Returning", Roles.AGENT, "ACTIVE", 3);
        String current = assigned(ada, agent, "Assigned on the account as enabled again");
        String older = assigned(ada, agent, "Stored before the assignment was recorded");
        tickets().updateOne(new Document("_id", older),
                new Document("$unset", new Document("assignedAt", "").append("assigneeVersion", "")));

        forget(agent);
        People.publishAt(disabledAt, EventType.USER_DISABLED, agent, "Rae Returning", Roles.AGENT, "DISABLED", 2);
        People.awaitStored(agent.id(), Roles.AGENT, "DISABLED");
        People.registered(TicketApi.agent(), "Marker After Replayed Disable");

        for (String id : List.of(current, older)) {
            TicketApi.admin().as().when().get("/v1/ticket/" + id).then().body("assigneeId", equalTo(agent.id()));
            assertEquals(0, unassignments(id));
        }

        // Disabled for real later: both go back to the queue.
        People.announce(EventType.USER_DISABLED, agent, "Rae Returning", Roles.AGENT, "DISABLED", 4);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> unassignments(current) == 1 && unassignments(older) == 1);
    }

    @Test
    void aDisableTheDirectoryLearnsAfterAnAssignmentStillUnassignsIt() {
        TicketApi.Person ada = People.customer("Ada Lagging");
        TicketApi.Person agent = People.agent("Lee Lagging");
        String id = assigned(ada, agent, "Assigned while the directory lagged");

        // Disabled in the auth-service before the assignment, known here only after it.
        People.publishAt(Instant.now().minus(Duration.ofMinutes(1)), EventType.USER_DISABLED, agent, "Lee Lagging",
                Roles.AGENT, "DISABLED", 2);

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> unassignments(id) == 1);
        assertEquals("ASSIGNEE_DISABLED", unassignment(id).getString("payload.reason"));
    }

    @Test
    void reopeningAClosedTicketOfADisabledAgentSendsItToTheQueue() {
        TicketApi.Person ada = People.customer("Ada Reopens");
        TicketApi.Person agent = People.agent("Cal Closed");
        TicketApi.Person admin = TicketApi.admin();
        String id = assigned(ada, agent, "Closed, then back");
        TicketApi.patch(agent, id, Map.of("status", "CLOSED")).then().statusCode(200);
        People.announce(EventType.USER_DISABLED, agent, "Cal Closed", Roles.AGENT, "DISABLED", 2);
        People.registered(TicketApi.agent(), "Marker After Closed Ticket's Agent Disabled");
        assertEquals(0, unassignments(id));

        TicketApi.patch(admin, id, Map.of("status", "OPEN")).then().statusCode(200)
                .body("status", equalTo("OPEN")).body("assigneeId", nullValue());

        JsonPath event = unassignment(id);
        assertEquals("ASSIGNEE_DISABLED", event.getString("payload.reason"));
        assertEquals(agent.id(), event.getString("payload.previousAssigneeId"));
        admin.as().when().get("/v1/ticket/" + id + "/history").then()
                .body("items[-1].action", equalTo("unassigned")).body("items[-1].reason", equalTo("ASSIGNEE_DISABLED"));
    }

    @Test
    void aDeletedTicketIsLeftAloneAndUnassignedWhenRestored() {
        TicketApi.Person ada = People.customer("Ada Deletes");
        TicketApi.Person agent = People.agent("Dex Deleted Ticket");
        TicketApi.Person admin = TicketApi.admin();
        String id = assigned(ada, agent, "Deleted, then restored");
        ada.as().when().delete("/v1/ticket/" + id).then().statusCode(204);
        People.announce(EventType.USER_DISABLED, agent, "Dex Deleted Ticket", Roles.AGENT, "DISABLED", 2);
        People.registered(TicketApi.agent(), "Marker After Deleted Ticket's Agent Disabled");
        assertEquals(0, unassignments(id), "nobody can open a deleted ticket: no unassignment to tell");

        admin.as().when().post("/v1/ticket/" + id + "/restore").then().statusCode(200)
                .body("deleted", equalTo(false)).body("assigneeId", nullValue());
        assertEquals("ASSIGNEE_DISABLED", unassignment(id).getString("payload.reason"));
    }

    /** The directory without the person, as a new deployment's or a rebuilt one's before it read their events. */
    private void forget(TicketApi.Person who) {
        mongo.getDatabase("tickets").getCollection("people").deleteOne(new Document("_id", who.id()));
    }

    private com.mongodb.client.MongoCollection<Document> tickets() {
        return mongo.getDatabase("tickets").getCollection("tickets");
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
