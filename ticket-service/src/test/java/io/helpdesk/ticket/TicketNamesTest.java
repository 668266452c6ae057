package io.helpdesk.ticket;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Every view of a ticket names the people beside their ids; customers never see an email address. */
@QuarkusTest
class TicketNamesTest {

    @Test
    void ticketsTheirConversationListsAndWatchersNameThePeopleForTheCustomer() {
        TicketApi.Person cora = People.customer("Cora Customer");
        TicketApi.Person nina = People.agent("Nina Agent");
        TicketApi.Person admin = People.admin("Olga Admin");

        String id = noEmail(TicketApi.open(cora, "Names please")).then().statusCode(201)
                .body("customerName", equalTo("Cora Customer"))
                .body("assigneeName", nullValue())
                .body("messages[0].senderName", equalTo("Cora Customer"))
                .extract().path("id");
        TicketApi.patch(admin, id, Map.of("assigneeId", nina.id())).then().statusCode(200)
                .body("assigneeId", equalTo(nina.id())).body("assigneeName", equalTo("Nina Agent"));
        TicketApi.reply(nina, id, "Internal: call her", true).then().statusCode(200);
        TicketApi.reply(nina, id, "On it", false).then().statusCode(200);
        nina.as().contentType("application/json").body(Map.of("userId", admin.id()))
                .when().post("/v1/ticket/" + id + "/watchers").then().statusCode(201).body("userName", equalTo("Olga Admin"));

        noEmail(cora.as().when().get("/v1/ticket/" + id)).then().statusCode(200)
                .body("customerName", equalTo("Cora Customer"))
                .body("assigneeName", equalTo("Nina Agent"))
                .body("messages.senderName", contains("Cora Customer", "Nina Agent"));
        noEmail(cora.as().when().get("/v1/ticket")).then().statusCode(200)
                .body("items[0].id", equalTo(id))
                .body("items[0].customerName", equalTo("Cora Customer"))
                .body("items[0].assigneeName", equalTo("Nina Agent"));
        noEmail(cora.as().when().get("/v1/ticket/" + id + "/watchers")).then().statusCode(200)
                .body("userName", contains("Olga Admin"));
        noEmail(TicketApi.reply(cora, id, "Thanks", false)).then().statusCode(200)
                .body("messages.senderName", contains("Cora Customer", "Nina Agent", "Cora Customer"));
        noEmail(cora.as().when().patch("/v1/ticket/close-ticket/" + id)).then().statusCode(200)
                .body("assigneeName", equalTo("Nina Agent"));

        admin.as().when().get("/v1/ticket/" + id).then().body("messages.senderName",
                contains("Cora Customer", "Nina Agent", "Nina Agent", "Cora Customer"));
        admin.as().when().get("/v1/ticket/" + id + "/history").then().statusCode(200)
                .body("items.actorName", contains("Cora Customer", "Olga Admin", "Nina Agent", "Nina Agent", "Cora Customer",
                        "Cora Customer"));
    }

    @Test
    void theDeletedListNamesItsPeopleToo() {
        TicketApi.Person dee = People.customer("Dee Deleter");
        String id = TicketApi.openId(dee, "Delete me");
        dee.as().when().delete("/v1/ticket/" + id).then().statusCode(204);
        TicketApi.admin().as().queryParam("size", 100).when().get("/v1/ticket/deleted").then().statusCode(200)
                .body("items.find { it.id == '" + id + "' }.customerName", equalTo("Dee Deleter"));
    }

    @Test
    void someoneTheDirectoryDoesNotKnowHasNoNameAndNothingFails() {
        TicketApi.Person stranger = TicketApi.customer();
        String id = TicketApi.openId(stranger, "Who am I?");
        stranger.as().when().get("/v1/ticket/" + id).then().statusCode(200)
                .body("customerId", equalTo(stranger.id()))
                .body("customerName", nullValue())
                .body("messages[0].senderName", nullValue());
        stranger.as().when().get("/v1/ticket").then().statusCode(200).body("items[0].customerName", nullValue());
    }

    /** The response, after checking that no email address is in it. */
    private static Response noEmail(Response response) {
        String body = response.asString();
        assertFalse(body.contains("@"), body);
        return response;
    }
}
