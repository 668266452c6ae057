package io.helpdesk.ticket;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.helpdesk.platform.contracts.EventType;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Bad input found by the system fuzz suite, each refused with a 400 problem (or, for file names,
 * made safe) instead of a 500, and leaving nothing behind.
 */
@QuarkusTest
class TicketInputTest {

    @Test
    void aNullAmongTheTagsIsRefusedAndOpensNothing() {
        TicketApi.Person ada = TicketApi.customer();
        ada.as().contentType("application/json")
                .body("{\"subject\":\"Null tag\",\"description\":\"x\",\"tags\":[\"printer\",null]}")
                .when().post("/v1/ticket").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("tags[1]"));
        String id = TicketApi.openId(ada, "Tagged later");
        TicketApi.Person agent = TicketApi.agent();
        agent.as().contentType("application/json").body("{\"tags\":[null]}")
                .when().patch("/v1/ticket/" + id).then().statusCode(400);
        ada.as().queryParam("total", true).when().get("/v1/ticket").then().body("total", equalTo(1));
        ada.as().when().get("/v1/ticket/" + id).then().body("version", equalTo(1));
    }

    @Test
    void instantsOutsideTheYears1970To9999AreRefusedInListFilters() {
        TicketApi.Person admin = TicketApi.admin();
        for (String instant : List.of("-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "1969-12-31T23:59:59Z",
                "+10000-01-01T00:00:00Z")) {
            for (String parameter : List.of("from", "to")) {
                admin.as().queryParam(parameter, instant).when().get("/v1/ticket").then().statusCode(400)
                        .contentType(startsWith("application/problem+json"))
                        .body("errors[0].field", equalTo(parameter));
            }
        }
        admin.as().queryParam("from", "not-an-instant").when().get("/v1/ticket").then().statusCode(400)
                .body("errors[0].field", equalTo("from"));
        admin.as().queryParam("from", "1970-01-01T00:00:00Z").queryParam("to", "9999-12-31T23:59:59Z")
                .when().get("/v1/ticket").then().statusCode(200);
    }

    @Test
    void aControlCharacterInTheSearchTermIsRefused() {
        TicketApi.Person ada = TicketApi.customer();
        for (String q : List.of("a\u0000b", "\u0000", "bell\u0007")) {
            ada.as().queryParam("q", q).when().get("/v1/ticket").then().statusCode(400)
                    .contentType(startsWith("application/problem+json"))
                    .body("errors[0].field", equalTo("q"));
        }
        ada.as().queryParam("q", "printer (2nd floor) .*").when().get("/v1/ticket").then().statusCode(200);
    }

    @Test
    void aControlCharacterInStoredTextIsRefusedAndLineBreaksAreKept() {
        TicketApi.Person ada = TicketApi.customer();
        ada.as().contentType("application/json")
                .body("{\"subject\":\"Nul\\u0000byte\",\"description\":\"x\"}")
                .when().post("/v1/ticket").then().statusCode(400)
                .body("errors[0].field", equalTo("subject"));
        ada.as().contentType("application/json")
                .body("{\"subject\":\"Half a pair\",\"description\":\"\\ud800\"}")
                .when().post("/v1/ticket").then().statusCode(400)
                .body("errors[0].field", equalTo("description"));
        String id = TicketApi.openId(ada, "Multi-line");
        TicketApi.reply(ada, id, "first line\r\n\tsecond line", false).then().statusCode(200);
        ada.as().contentType("application/json").body("{\"text\":\"esc\\u001b[31m\",\"internal\":false}")
                .when().put("/v1/ticket/" + id).then().statusCode(400);
        ada.as().queryParam("total", true).when().get("/v1/ticket").then().body("total", equalTo(1));
    }

    @Test
    void aMultipartBodyCutShortIsRefused() {
        TicketApi.Person ada = TicketApi.customer();
        String id = TicketApi.openId(ada, "Cut short");
        byte[] cut = ("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nhello").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (String route : List.of("/v1/ticket/" + id + "/attachments", "/v1/ticket/import")) {
            TicketApi.Person who = route.endsWith("import") ? TicketApi.agent() : ada;
            who.as().contentType("multipart/form-data; boundary=b").body(cut).when().post(route).then().statusCode(400)
                    .contentType(startsWith("application/problem+json"));
        }
        ada.as().when().get("/v1/ticket/" + id + "/attachments").then().body("size()", equalTo(0));
    }

    @Test
    void concurrentFirstUsesOfOneIdempotencyKeyOpenExactlyOneTicket() throws Exception {
        TicketApi.Person ada = TicketApi.customer();
        int requests = 12;
        CyclicBarrier start = new CyclicBarrier(requests);
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                Callable<Response> create = () -> {
                    start.await();
                    return ada.as().header("Idempotency-Key", "burst-1").contentType("application/json")
                            .body(Map.of("subject", "Clicked many times", "description", "At once"))
                            .when().post("/v1/ticket");
                };
                answers.add(pool.submit(create));
            }
            Set<String> ids = new TreeSet<>();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                statuses.add(response.statusCode());
                assertTrue(response.statusCode() == 201 || response.statusCode() == 409,
                        () -> "201 with the ticket or 409 while in flight: " + response.statusCode() + " " + response.asString());
                if (response.statusCode() == 201) {
                    ids.add(response.path("id"));
                } else {
                    assertTrue(response.contentType().startsWith("application/problem+json"));
                }
            }
            assertEquals(1, ids.size(), () -> "one ticket for one key: " + ids + " " + statuses);
            ada.as().queryParam("total", true).when().get("/v1/ticket").then().body("total", equalTo(1));
            assertEquals(List.of(EventType.TICKET_CREATED.wireName()), TicketApi.eventTypes(ids.iterator().next()));
        } finally {
            pool.shutdownNow();
        }
    }
}
