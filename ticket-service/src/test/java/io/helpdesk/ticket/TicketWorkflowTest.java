package io.helpdesk.ticket;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.helpdesk.platform.contracts.EventType;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class TicketWorkflowTest {

    @Test
    void aCustomerOpensATicketWithItsSlaAndVersion() {
        TicketApi.Person ada = TicketApi.customer();
        Response opened = TicketApi.open(ada, Map.of("subject", "Printer on fire", "description", "Smoke everywhere",
                "priority", "URGENT", "category", "Hardware", "tags", List.of("printer", "fire", "printer")));
        opened.then().statusCode(201)
                .header("Location", startsWith("http"))
                .header("ETag", equalTo("\"1\""))
                .body("status", equalTo("OPEN"))
                .body("priority", equalTo("URGENT"))
                .body("tags", contains("printer", "fire"))
                .body("customerId", equalTo(ada.id()))
                .body("assigneeId", nullValue())
                .body("messages", hasSize(1))
                .body("messages[0].text", equalTo("Smoke everywhere"))
                .body("version", equalTo(1));
        Instant created = Instant.parse(opened.path("createdAt"));
        assertEquals(created.plus(Duration.ofHours(4)), Instant.parse(opened.path("slaDueAt")));
        assertEquals(List.of(EventType.TICKET_CREATED.wireName()), TicketApi.eventTypes(opened.path("id")));
    }

    @Test
    void theConversationDrivesTheStatus() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person agent = TicketApi.agent();
        String id = TicketApi.openId(ada, "Cannot log in");

        TicketApi.reply(agent, id, "Looking into it (internal: likely SSO)", true).then().statusCode(200)
                .body("status", equalTo("OPEN")).body("firstResponseAt", nullValue());
        TicketApi.reply(agent, id, "Please try again now", false).then().statusCode(200)
                .body("status", equalTo("PENDING")).body("firstResponseAt", notNullValue());
        TicketApi.reply(ada, id, "Still broken", false).then().statusCode(200).body("status", equalTo("OPEN"));

        ada.as().when().get("/v1/ticket/" + id).then().statusCode(200)
                .body("messages", hasSize(3))
                .body("messages.internal", contains(false, false, false));
        agent.as().when().get("/v1/ticket/" + id).then().body("messages", hasSize(4))
                .body("messages[1].internal", equalTo(true))
                .body("messages[1].role", equalTo("AGENT"));
        TicketApi.reply(ada, id, "sneaky note", true).then().statusCode(403);
        assertEquals(List.of(EventType.TICKET_CREATED.wireName(), EventType.TICKET_REPLIED.wireName(), EventType.TICKET_REPLIED.wireName(), EventType.TICKET_REPLIED.wireName()),
                TicketApi.eventTypes(id));
    }

    @Test
    void aClosedTicketRefusesRepliesUntilReopened() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person agent = TicketApi.agent();
        String id = TicketApi.openId(ada, "Billing question");
        ada.as().when().patch("/v1/ticket/close-ticket/" + id).then().statusCode(200)
                .body("status", equalTo("CLOSED")).body("closedAt", notNullValue());
        TicketApi.reply(ada, id, "one more thing", false).then().statusCode(409)
                .contentType(startsWith("application/problem+json"));
        TicketApi.patch(agent, id, Map.of("status", "OPEN")).then().statusCode(200)
                .body("status", equalTo("OPEN")).body("closedAt", nullValue());
        TicketApi.reply(ada, id, "one more thing", false).then().statusCode(200);
        assertTrue(TicketApi.eventTypes(id).containsAll(List.of(EventType.TICKET_CLOSED.wireName(), EventType.TICKET_STATUS_CHANGED.wireName())));
    }

    @Test
    void agentsAssignPrioritiseAndMoveWithinTheAllowedTransitions() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person agent = People.agent("Aggie Agent");
        String id = TicketApi.openId(ada, "Slow dashboard");

        TicketApi.patch(agent, id, Map.of("assigneeId", agent.id(), "priority", "HIGH", "category", "Performance",
                "tags", List.of("dashboard"))).then().statusCode(200)
                .body("assigneeId", equalTo(agent.id()))
                .body("priority", equalTo("HIGH"))
                .header("ETag", equalTo("\"2\""));
        TicketApi.patch(agent, id, Map.of("status", "RESOLVED")).then().statusCode(200).body("resolvedAt", notNullValue());
        TicketApi.patch(agent, id, Map.of("status", "PENDING")).then().statusCode(409);
        TicketApi.patch(agent, id, Map.of("status", "FROZEN")).then().statusCode(400);
        TicketApi.patch(ada, id, Map.of("priority", "URGENT")).then().statusCode(403);

        agent.as().when().get("/v1/ticket/" + id + "/history").then().statusCode(200)
                .body("items.action", contains("created", "updated", "updated"))
                .body("items[1].actorId", equalTo(agent.id()))
                .body("items[1].from.priority", equalTo("NORMAL"))
                .body("items[1].to.priority", equalTo("HIGH"));
        ada.as().when().get("/v1/ticket/" + id + "/history").then().statusCode(403);
        assertTrue(TicketApi.eventTypes(id).containsAll(
                List.of(EventType.TICKET_ASSIGNED.wireName(), EventType.TICKET_UPDATED.wireName(), EventType.TICKET_STATUS_CHANGED.wireName())));
    }

    @Test
    void staleAndConcurrentWritesWithOneVersionLetExactlyOneWin() throws Exception {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person agent = TicketApi.agent();
        String id = TicketApi.openId(ada, "Race");

        agent.as().header("If-Match", "\"1\"").contentType("application/json").body(Map.of("priority", "LOW"))
                .when().patch("/v1/ticket/" + id).then().statusCode(200).header("ETag", equalTo("\"2\""));
        agent.as().header("If-Match", "\"1\"").contentType("application/json").body(Map.of("priority", "HIGH"))
                .when().patch("/v1/ticket/" + id).then().statusCode(412)
                .contentType(startsWith("application/problem+json"));
        agent.as().header("If-Match", "not-a-version").contentType("application/json").body(Map.of("priority", "HIGH"))
                .when().patch("/v1/ticket/" + id).then().statusCode(400);

        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Integer>> writes = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String text = "reply " + i;
                writes.add(() -> ada.as().header("If-Match", "\"2\"").contentType("application/json")
                        .body(Map.of("text", text)).when().put("/v1/ticket/" + id).then().extract().statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : pool.invokeAll(writes)) {
                statuses.add(status.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
            assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 409 || s == 412), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
        ada.as().when().get("/v1/ticket/" + id).then().body("messages", hasSize(2)).body("version", equalTo(3));
    }

    @Test
    void anIdempotencyKeyMakesARetriedCreateReturnTheFirstTicket() {
        TicketApi.Person ada = TicketApi.customer();
        Map<String, Object> body = Map.of("subject", "Double click", "description", "Sent twice");
        String first = ada.as().header("Idempotency-Key", "key-123").contentType("application/json").body(body)
                .when().post("/v1/ticket").then().statusCode(201).extract().path("id");
        String second = ada.as().header("Idempotency-Key", "key-123").contentType("application/json").body(body)
                .when().post("/v1/ticket").then().statusCode(201).extract().path("id");
        assertEquals(first, second);
        ada.as().queryParam("q", "Double click").queryParam("total", true).when().get("/v1/ticket").then().body("total", equalTo(1));
        ada.as().header("Idempotency-Key", "key-123").contentType("application/json")
                .body(Map.of("subject", "Something else", "description", "x"))
                .when().post("/v1/ticket").then().statusCode(422);
        // Another caller's key space is their own.
        TicketApi.Person bob = TicketApi.customer();
        String bobs = bob.as().header("Idempotency-Key", "key-123").contentType("application/json").body(body)
                .when().post("/v1/ticket").then().statusCode(201).extract().path("id");
        assertTrue(!bobs.equals(first));
    }

    @Test
    void badInputIsRefusedWithTheFailingFields() {
        TicketApi.Person ada = TicketApi.customer();
        ada.as().contentType("application/json").body(Map.of("subject", "", "priority", "SOON", "tags", List.of("Bad Tag!")))
                .when().post("/v1/ticket").then().statusCode(400)
                .body("errors.field", hasItem("subject"))
                .body("errors.field", hasItem("description"))
                .body("errors.field", hasItem("priority"));
        ada.as().contentType("application/json").body("{\"subject\":{\"$ne\":null},\"description\":\"x\"}")
                .when().post("/v1/ticket").then().statusCode(400);
        TicketApi.open(ada, Map.of("subject", "On behalf", "description", "x", "customerId", "someone-else"))
                .then().statusCode(403);
        TicketApi.open(TicketApi.agent(), Map.of("subject", "Phoned in", "description", "x", "customerId", ada.id()))
                .then().statusCode(201).body("customerId", equalTo(ada.id()));
        given().contentType("application/json").body(Map.of("subject", "x", "description", "y"))
                .when().post("/v1/ticket").then().statusCode(401);
    }
}
