package io.helpdesk.ticket;

import static org.hamcrest.Matchers.equalTo;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.helpdesk.platform.security.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Another service calls with a client-credentials SERVICE token: it reads tickets and asks the
 * visibility rule, and it never acts on a ticket as a person would.
 */
@QuarkusTest
class ServiceCallerTest {

    private final TicketApi.Person service = TicketApi.person(Roles.SERVICE);

    @Test
    void aServiceTokenReadsButNeverRepliesClosesChangesOrOpens() {
        TicketApi.Person ada = TicketApi.customer();
        String id = TicketApi.openId(ada, "Read me only");

        service.as().when().get("/v1/ticket/" + id).then().statusCode(200);
        service.as().when().get("/v1/ticket").then().statusCode(200);

        TicketApi.reply(service, id, "as a service", false).then().statusCode(403);
        service.as().when().patch("/v1/ticket/close-ticket/" + id).then().statusCode(403);
        TicketApi.patch(service, id, Map.of("status", "CLOSED")).then().statusCode(403);
        service.as().when().delete("/v1/ticket/" + id).then().statusCode(403);
        TicketApi.open(service, "Opened by a service").then().statusCode(403);
        service.as().contentType(ContentType.JSON).body("{}").when().post("/v1/ticket/" + id + "/watchers").then()
                .statusCode(403);
        ada.as().when().get("/v1/ticket/" + id).then().body("status", equalTo("OPEN")).body("messages.size()", equalTo(1));
    }

    @Test
    void theAccessRouteAnswersTheVisibilityRuleForThePersonNamed() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person assignee = People.agent("Ana Assignee");
        String queued = TicketApi.openId(ada, "In the queue");
        String assigned = TicketApi.openId(ada, "Assigned");
        TicketApi.patch(assignee, assigned, Map.of("assigneeId", assignee.id())).then().statusCode(200);

        visible(queued, ada.id(), Roles.CUSTOMER, true);
        visible(queued, "someone-else", Roles.CUSTOMER, false);
        visible(queued, "any-agent", Roles.AGENT, true);
        visible(assigned, assignee.id(), Roles.AGENT, true);
        visible(assigned, "another-agent", Roles.AGENT, false);
        visible(assigned, "an-admin", Roles.ADMIN, true);
        service.as().queryParam("userId", ada.id()).queryParam("role", Roles.CUSTOMER)
                .when().get("/v1/ticket/" + UUID.randomUUID() + "/access").then().statusCode(404);
    }

    @Test
    void theAccessRouteIsForServicesOnlyAndRefusesBadInput() {
        TicketApi.Person ada = TicketApi.customer();
        String id = TicketApi.openId(ada, "Mine");
        ada.as().queryParam("userId", ada.id()).queryParam("role", Roles.CUSTOMER)
                .when().get("/v1/ticket/" + id + "/access").then().statusCode(403);
        TicketApi.admin().as().queryParam("userId", ada.id()).queryParam("role", Roles.CUSTOMER)
                .when().get("/v1/ticket/" + id + "/access").then().statusCode(403);
        service.as().queryParam("userId", ada.id()).queryParam("role", Roles.SERVICE)
                .when().get("/v1/ticket/" + id + "/access").then().statusCode(400);
        service.as().queryParam("role", Roles.CUSTOMER)
                .when().get("/v1/ticket/" + id + "/access").then().statusCode(400);
        service.as().queryParam("userId", "{\"$ne\":null}").queryParam("role", Roles.CUSTOMER)
                .when().get("/v1/ticket/" + id + "/access").then().statusCode(400);
    }

    private void visible(String ticketId, String userId, String role, boolean expected) {
        service.as().queryParam("userId", userId).queryParam("role", role)
                .when().get("/v1/ticket/" + ticketId + "/access").then().statusCode(200)
                .body("ticketId", equalTo(ticketId)).body("visible", equalTo(expected));
    }
}
