package io.helpdesk.ticket;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Paging links, conditional GETs and timestamps as the ticket routes answer them. */
@QuarkusTest
class TicketHttpConventionsTest {

    static final String MILLIS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

    @Test
    void theTicketListLinksItsFirstAndNextPagesKeepingTheFilters() {
        TicketApi.Person ada = TicketApi.customer();
        for (int i = 0; i < 5; i++) {
            TicketApi.openId(ada, "Paged " + i);
        }
        String base = "/v1/ticket?status=OPEN&sort=createdAt&size=2";
        Response first = ada.as().queryParam("status", "OPEN").queryParam("sort", "createdAt").queryParam("size", 2)
                .when().get("/v1/ticket");
        first.then().statusCode(200).body("items.size()", equalTo(2)).body("total", nullValue());
        String next = first.path("next");
        assertEquals("<" + base + ">; rel=\"first\", <" + base + "&cursor=" + next + ">; rel=\"next\"", first.header("Link"));
        // Following next to the end: no next there, and the first page without the cursor.
        String third = ada.as().queryParam("status", "OPEN").queryParam("sort", "createdAt").queryParam("size", 2)
                .queryParam("cursor", next).when().get("/v1/ticket").then().statusCode(200).extract().path("next");
        String last = ada.as().queryParam("status", "OPEN").queryParam("sort", "createdAt").queryParam("size", 2)
                .queryParam("cursor", third).when().get("/v1/ticket").then().statusCode(200).body("items.size()", equalTo(1))
                .body("next", nullValue()).extract().header("Link");
        assertEquals("<" + base + ">; rel=\"first\"", last);
        ada.as().when().get("/v1/ticket").then().statusCode(200).header("Link", equalTo("</v1/ticket>; rel=\"first\""));
        // Bad input and a caller who may not list get no links.
        ada.as().queryParam("size", 0).when().get("/v1/ticket").then().statusCode(400).header("Link", nullValue());
        io.restassured.RestAssured.given().when().get("/v1/ticket").then().statusCode(401).header("Link", nullValue());
    }

    @Test
    void theDeletedListLinksItsPagesForAdminsOnly() {
        TicketApi.Person admin = TicketApi.admin();
        for (int i = 0; i < 2; i++) {
            String id = TicketApi.openId(TicketApi.customer(), "Deleted " + i);
            admin.as().when().delete("/v1/ticket/" + id).then().statusCode(204);
        }
        admin.as().queryParam("size", 1).when().get("/v1/ticket/deleted").then().statusCode(200)
                .header("Link", containsString("</v1/ticket/deleted?size=1>; rel=\"first\""))
                .header("Link", matchesPattern(".*</v1/ticket/deleted\\?size=1&cursor=[A-Za-z0-9_-]+>; rel=\"next\"$"))
                .header("Link", not(containsString("rel=\"last\"")))
                .header("Link", not(containsString("rel=\"prev\"")));
        TicketApi.agent().as().when().get("/v1/ticket/deleted").then().statusCode(403).header("Link", nullValue());
    }

    @Test
    void aTicketNotChangedSinceTheCallerReadItIsAnswered304WithoutABody() {
        TicketApi.Person ada = TicketApi.customer();
        String id = TicketApi.openId(ada, "Cached");
        String etag = ada.as().when().get("/v1/ticket/" + id).then().statusCode(200).extract().header("ETag");
        String version = etag.replace("\"", "");
        for (String ifNoneMatch : List.of(etag, "W/" + etag, "\"other\", " + etag, "*")) {
            ada.as().header("If-None-Match", ifNoneMatch).when().get("/v1/ticket/" + id).then().statusCode(304)
                    .header("ETag", equalTo(etag)).body(emptyString());
        }
        ada.as().header("If-None-Match", "\"" + version + "0\"").when().get("/v1/ticket/" + id).then().statusCode(200)
                .header("ETag", equalTo(etag)).body("id", equalTo(id));
        // A change makes the old tag stale: the new version comes back, whose tag then matches.
        TicketApi.reply(ada, id, "More details", false).then().statusCode(200);
        Response changed = ada.as().header("If-None-Match", etag).when().get("/v1/ticket/" + id);
        changed.then().statusCode(200).header("ETag", not(equalTo(etag)));
        ada.as().header("If-None-Match", changed.header("ETag")).when().get("/v1/ticket/" + id).then().statusCode(304);
        // The tag proves nothing about access: someone else still gets a 404, a caller without a token a 401.
        TicketApi.customer().as().header("If-None-Match", "*").when().get("/v1/ticket/" + id).then().statusCode(404);
        io.restassured.RestAssured.given().header("If-None-Match", "*").when().get("/v1/ticket/" + id).then().statusCode(401);
        // Only reads: an update with If-None-Match is no conditional GET.
        TicketApi.patch(TicketApi.admin(), id, Map.of("priority", "HIGH")).then().statusCode(200);
    }

    @Test
    void aTicketsTimestampsReadTheSameWhenMadeAndWhenReadBack() {
        TicketApi.Person ada = TicketApi.customer();
        Response opened = TicketApi.open(ada, "Timestamps");
        opened.then().statusCode(201).body("createdAt", matchesPattern(MILLIS)).body("updatedAt", matchesPattern(MILLIS));
        String id = opened.path("id");
        ada.as().when().get("/v1/ticket/" + id).then().statusCode(200)
                .body("createdAt", equalTo(opened.path("createdAt")))
                .body("updatedAt", equalTo(opened.path("updatedAt")));
    }
}
