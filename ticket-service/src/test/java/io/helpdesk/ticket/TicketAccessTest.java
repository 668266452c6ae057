package io.helpdesk.ticket;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.helpdesk.platform.testing.RedisTestResource;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class TicketAccessTest {

    @Test
    void aTicketTheCallerMayNotSeeIs404OnEveryRoute() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person eve = TicketApi.customer();
        String id = TicketApi.openId(ada, "Private matter");

        eve.as().when().get("/v1/ticket/" + id).then().statusCode(404);
        TicketApi.reply(eve, id, "hi", false).then().statusCode(404);
        eve.as().when().patch("/v1/ticket/close-ticket/" + id).then().statusCode(404);
        eve.as().when().delete("/v1/ticket/" + id).then().statusCode(404);
        eve.as().when().get("/v1/ticket/" + id + "/attachments").then().statusCode(404);
        eve.as().when().get("/v1/ticket/" + id + "/watchers").then().statusCode(404);
        eve.as().contentType("application/json").body("{}").when().post("/v1/ticket/" + id + "/watchers").then().statusCode(404);
        eve.as().when().get("/v1/ticket/no-such-ticket").then().statusCode(404);
        String notFound = eve.as().when().get("/v1/ticket/" + id).then().extract().path("detail");
        assertEquals(notFound, eve.as().when().get("/v1/ticket/no-such-ticket").then().extract().path("detail"));
    }

    @Test
    void agentsSeeTheirOwnAndTheUnassignedQueueAndAdminsSeeAll() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person mine = TicketApi.agent();
        TicketApi.Person other = People.agent("Otto Other");
        String queued = TicketApi.openId(ada, "Queued");
        String assigned = TicketApi.openId(ada, "Assigned to other");
        TicketApi.patch(other, assigned, Map.of("assigneeId", other.id())).then().statusCode(200);

        mine.as().when().get("/v1/ticket/" + queued).then().statusCode(200);
        mine.as().when().get("/v1/ticket/" + assigned).then().statusCode(404);
        other.as().when().get("/v1/ticket/" + assigned).then().statusCode(200);
        TicketApi.admin().as().when().get("/v1/ticket/" + assigned).then().statusCode(200);

        ada.as().queryParam("total", true).when().get("/v1/ticket").then().statusCode(200).body("total", equalTo(2))
                .body("items.id", containsInAnyOrder(queued, assigned));
        mine.as().queryParam("assignee", "none").queryParam("size", 100).when().get("/v1/ticket").then()
                .body("items.id", hasItem(queued)).body("items.id", not(hasItem(assigned)));
        other.as().queryParam("assignee", "me").when().get("/v1/ticket").then().body("items.id", contains(assigned));
    }

    @Test
    void noExpiredOrRevokedTokenGetsIn() {
        given().when().get("/v1/ticket").then().statusCode(401);
        String expired = TestTokens.forUser("u").issuedAt(Instant.now().minus(Duration.ofHours(1))).sign();
        given().auth().oauth2(expired).when().get("/v1/ticket").then().statusCode(401);
        String jti = java.util.UUID.randomUUID().toString();
        String revoked = TestTokens.forUser("u").role(Roles.CUSTOMER).jti(jti).sign();
        given().auth().oauth2(revoked).when().get("/v1/ticket").then().statusCode(200);
        RedisTestResource.revokeToken(jti);
        given().auth().oauth2(revoked).when().get("/v1/ticket").then().statusCode(401);
    }

    @Test
    void listsFilterSortPageByCursorAndSearchLiterally() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person agent = TicketApi.agent();
        String low = TicketApi.open(ada, Map.of("subject", "Low thing", "description", "meh", "priority", "LOW",
                "tags", List.of("billing"))).then().extract().path("id");
        String urgent = TicketApi.open(ada, Map.of("subject", "Urgent thing (a+b)", "description", "now",
                "priority", "URGENT")).then().extract().path("id");
        String normal = TicketApi.openId(ada, "Normal thing");
        TicketApi.reply(agent, normal, "secret-internal-word", true).then().statusCode(200);

        ada.as().queryParam("sort", "-priority").queryParam("total", true).when().get("/v1/ticket").then().statusCode(200)
                .body("items.id", contains(urgent, normal, low)).body("total", equalTo(3));
        String second = ada.as().queryParam("sort", "createdAt").queryParam("size", 2).when().get("/v1/ticket").then()
                .body("items.id", contains(low, urgent)).body("total", nullValue()).extract().path("next");
        ada.as().queryParam("sort", "createdAt").queryParam("size", 2).queryParam("cursor", second).queryParam("total", true)
                .when().get("/v1/ticket").then().body("items.id", contains(normal)).body("total", equalTo(3))
                .body("next", nullValue());
        ada.as().queryParam("priority", "LOW").when().get("/v1/ticket").then().body("items.id", contains(low));
        ada.as().queryParam("tag", "billing").when().get("/v1/ticket").then().body("items.id", contains(low));
        ada.as().queryParam("status", "OPEN").when().get("/v1/ticket").then().body("items.status", everyItem(equalTo("OPEN")));
        ada.as().queryParam("q", "(a+b)").when().get("/v1/ticket").then().body("items.id", contains(urgent));
        ada.as().queryParam("q", ".*").queryParam("total", true).when().get("/v1/ticket").then().body("total", equalTo(0));
        ada.as().queryParam("q", "secret-internal-word").queryParam("total", true).when().get("/v1/ticket").then().body("total", equalTo(0));
        ada.as().queryParam("from", Instant.now().plusSeconds(60).toString()).queryParam("total", true).when().get("/v1/ticket").then()
                .body("total", equalTo(0));

        ada.as().queryParam("size", 101).when().get("/v1/ticket").then().statusCode(400);
        ada.as().queryParam("sort", "password").when().get("/v1/ticket").then().statusCode(400);
        ada.as().queryParam("from", "2026-02-01T00:00:00Z").queryParam("to", "2026-01-01T00:00:00Z")
                .when().get("/v1/ticket").then().statusCode(400);
        ada.as().queryParam("from", "yesterday").when().get("/v1/ticket").then().statusCode(400);
    }

    @Test
    void deletingIsSoftCascadesAndAdminsRestore() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person agent = TicketApi.agent();
        TicketApi.Person admin = TicketApi.admin();
        String id = TicketApi.openId(ada, "Delete me");
        ada.as().contentType("application/json").body("{}").when().post("/v1/ticket/" + id + "/watchers").then().statusCode(201);

        agent.as().when().delete("/v1/ticket/" + id).then().statusCode(403);
        ada.as().when().delete("/v1/ticket/" + id).then().statusCode(204);
        ada.as().when().get("/v1/ticket/" + id).then().statusCode(404);
        ada.as().when().get("/v1/ticket").then().body("items.id", not(hasItem(id)));
        admin.as().when().get("/v1/ticket/deleted").then().statusCode(200).body("items.id", hasItem(id));
        ada.as().when().get("/v1/ticket/deleted").then().statusCode(403);

        admin.as().when().post("/v1/ticket/" + id + "/restore").then().statusCode(200).body("deleted", equalTo(false));
        ada.as().when().get("/v1/ticket/" + id).then().statusCode(200);
        ada.as().when().get("/v1/ticket/" + id + "/watchers").then().body("userId", contains(ada.id()));
        admin.as().when().post("/v1/ticket/" + id + "/restore").then().statusCode(404);
    }
}
