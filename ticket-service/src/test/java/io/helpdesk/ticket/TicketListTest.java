package io.helpdesk.ticket;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;

import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.RedisTestResource;
import io.helpdesk.platform.testing.TestTokens;
import io.helpdesk.platform.web.paging.Keyset;
import io.helpdesk.ticket.ticket.TicketQueries;
import io.helpdesk.ticket.ticket.TicketTextSearch;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The ticket list and the deleted list paged by cursor: every ticket once and in order in every sort,
 * stable while tickets are added, totals on request, summary rows only, and the literal search the
 * MongoDB-wire stand-in runs. Tickets are written straight into the store (with their counters and
 * search text), each test under its own tag or customer so the shared store does not disturb it.
 */
@QuarkusTest
class TicketListTest {

    private static final Instant START = Instant.parse("2026-03-01T08:00:00Z");
    private static final String[] PRIORITIES = { "LOW", "NORMAL", "HIGH", "URGENT" };

    @Inject
    MongoClient mongo;

    @Inject
    TicketTextSearch search;

    private MongoCollection<Document> tickets() {
        return mongo.getDatabase("tickets").getCollection("tickets");
    }

    /** A ticket as the service stores it, {@code i} spreading its times and priority with ties and missing due times. */
    private static Document ticket(String id, int i, String customerId, String tag) {
        int rank = (i * 7) % 4;
        return new Document("_id", id).append("subject", "Listed " + i).append("status", "OPEN")
                .append("priority", PRIORITIES[rank]).append("priorityRank", rank).append("category", null)
                .append("tags", List.of(tag)).append("customerId", customerId).append("assigneeId", null)
                .append("createdAt", Date.from(START.plusSeconds(i / 3)))
                .append("updatedAt", Date.from(START.plusSeconds(1000 - (i * 13) % 50)))
                .append("slaDueAt", i % 5 == 0 ? null : Date.from(START.plusSeconds(3600 + (i * 11) % 20)))
                // Marked already: the SLA check, which writes updatedAt, leaves these tickets alone.
                .append("slaBreached", true).append("firstResponseBreached", true).append("deleted", false)
                .append("version", 1L).append("messageCount", 3).append("publicMessageCount", 2)
                .append("searchText", "Conversation of " + i).append("internalText", "Notes of " + i)
                .append("outbox", List.of());
    }

    private List<Document> seed(int count, String customerId, String tag) {
        List<Document> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // Ids not in creation order, so the tie-breaker is seen to work.
            rows.add(ticket(String.format("%s-%03d", tag, (i * 37) % count), i, customerId, tag));
        }
        tickets().insertMany(rows);
        return rows;
    }

    /** The ids of the rows in the order of a sort parameter: the field (missing first when ascending), then the id. */
    private static List<String> sorted(List<Document> rows, String sort) {
        boolean descending = sort.startsWith("-");
        String name = descending ? sort.substring(1) : sort;
        String field = name.equals("priority") ? "priorityRank" : name;
        Function<Document, Comparable<Object>> value = d -> castComparable(d.get(field));
        Comparator<Document> order = Comparator.comparing(value, Comparator.nullsFirst(Comparator.naturalOrder()));
        order = order.thenComparing(d -> d.getString("_id"));
        if (descending) {
            order = order.reversed();
        }
        return rows.stream().sorted(order).map(d -> d.getString("_id")).toList();
    }

    @SuppressWarnings("unchecked")
    private static Comparable<Object> castComparable(Object value) {
        return (Comparable<Object>) value;
    }

    /** Follows {@code next} from the first page to the last; the ids in the order they came. */
    private static List<String> walk(TicketApi.Person who, String path, Map<String, Object> parameters, int size) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = who.as().queryParams(parameters).queryParam("size", size);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get(path).then().statusCode(200).body("total", nullValue())
                    .extract().jsonPath();
            List<String> ids = page.getList("items.id");
            assertTrue(ids.size() <= size);
            seen.addAll(ids);
            cursor = page.getString("next");
            assertTrue(++pages <= 100, "the paging ends");
        } while (cursor != null);
        return seen;
    }

    @Test
    void pagingByCursorShowsEveryTicketOnceInTheOrderOfEverySort() {
        String tag = "page-" + UUID.randomUUID().toString().substring(0, 8);
        TicketApi.Person admin = TicketApi.admin();
        List<Document> rows = seed(60, "customer-" + tag, tag);
        for (String key : List.of("createdAt", "updatedAt", "priority", "slaDueAt")) {
            for (String sort : List.of(key, "-" + key)) {
                assertEquals(sorted(rows, sort), walk(admin, "/v1/ticket", Map.of("tag", tag, "sort", sort), 7), sort);
            }
        }
        // The default: newest first.
        assertEquals(sorted(rows, "-createdAt"), walk(admin, "/v1/ticket", Map.of("tag", tag), 9));
        // A customer's own list and an agent's queue page the same way.
        TicketApi.Person customer = new TicketApi.Person("customer-" + tag, Roles.CUSTOMER,
                TestTokens.forUser("customer-" + tag).role(Roles.CUSTOMER).sign());
        assertEquals(sorted(rows, "priority"), walk(customer, "/v1/ticket", Map.of("sort", "priority"), 11));
        assertEquals(sorted(rows, "-updatedAt"), walk(TicketApi.agent(), "/v1/ticket", Map.of("tag", tag, "sort", "-updatedAt"), 100));
    }

    @Test
    void ticketsAddedWhilePagingNeitherRepeatNorShiftTheNextPage() {
        String tag = "insert-" + UUID.randomUUID().toString().substring(0, 8);
        TicketApi.Person admin = TicketApi.admin();
        List<String> expected = sorted(seed(30, "c-" + tag, tag), "-createdAt");
        JsonPath first = admin.as().queryParam("tag", tag).queryParam("size", 10).when().get("/v1/ticket").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(expected.subList(0, 10), first.getList("items.id"));
        // A newer ticket (before the cursor) and an older one (after it) arrive meanwhile.
        tickets().insertOne(ticket(tag + "-new", 1000, "c-" + tag, tag));
        tickets().insertOne(ticket(tag + "-old", -300, "c-" + tag, tag));
        admin.as().queryParam("tag", tag).queryParam("size", 10).queryParam("cursor", first.getString("next"))
                .when().get("/v1/ticket").then().statusCode(200).body("items.id", equalTo(expected.subList(10, 20)));
    }

    @Test
    void totalsAreCountedOnlyWhenAskedFor() {
        String tag = "total-" + UUID.randomUUID().toString().substring(0, 8);
        TicketApi.Person admin = TicketApi.admin();
        seed(25, "c-" + tag, tag);
        admin.as().queryParam("tag", tag).queryParam("size", 10).queryParam("total", true).when().get("/v1/ticket").then()
                .statusCode(200).body("items", hasSize(10)).body("total", equalTo(25)).body("next", not(nullValue()));
        admin.as().queryParam("tag", tag).queryParam("size", 10).when().get("/v1/ticket").then()
                .statusCode(200).body("total", nullValue());
        admin.as().queryParam("tag", tag).queryParam("size", 100).queryParam("total", true).when().get("/v1/ticket").then()
                .statusCode(200).body("items", hasSize(25)).body("total", equalTo(25)).body("next", nullValue());
        admin.as().queryParam("tag", "none-" + tag).queryParam("total", true).when().get("/v1/ticket").then()
                .statusCode(200).body("items", empty()).body("total", equalTo(0)).body("next", nullValue());
    }

    @Test
    void theLinkHeaderNamesTheFirstPageAndTheNextKeepingTheFilters() {
        String tag = "link-" + UUID.randomUUID().toString().substring(0, 8);
        TicketApi.Person admin = TicketApi.admin();
        seed(5, "c-" + tag, tag);
        var first = admin.as().queryParam("tag", tag).queryParam("size", 2).when().get("/v1/ticket").then().statusCode(200)
                .extract();
        JsonPath page = first.jsonPath();
        assertEquals("</v1/ticket?tag=" + tag + "&size=2>; rel=\"first\", </v1/ticket?tag=" + tag + "&size=2&cursor="
                + page.getString("next") + ">; rel=\"next\"", first.header("Link"));
        String last = admin.as().queryParam("tag", tag).queryParam("size", 2).queryParam("cursor", page.getString("next"))
                .when().get("/v1/ticket").then().statusCode(200).extract().path("next");
        admin.as().queryParam("tag", tag).queryParam("size", 2).queryParam("cursor", last).when().get("/v1/ticket").then()
                .statusCode(200).body("items", hasSize(1)).body("next", nullValue())
                .header("Link", equalTo("</v1/ticket?tag=" + tag + "&size=2>; rel=\"first\""));
    }

    @Test
    void aCursorThatIsNotOneOrBelongsToAnotherSortAndAPageNumberAre400() {
        String tag = "bad-" + UUID.randomUUID().toString().substring(0, 8);
        TicketApi.Person admin = TicketApi.admin();
        seed(3, "c-" + tag, tag);
        String next = admin.as().queryParam("tag", tag).queryParam("size", 1).when().get("/v1/ticket").then()
                .statusCode(200).extract().path("next");
        admin.as().queryParam("tag", tag).queryParam("sort", "updatedAt").queryParam("cursor", next).when().get("/v1/ticket")
                .then().statusCode(400).contentType(containsString("application/problem+json"))
                .body("errors[0].field", equalTo("cursor"));
        admin.as().queryParam("cursor", "bm90LWEtY3Vyc29y").when().get("/v1/ticket").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
        admin.as().queryParam("cursor", "not a cursor!").when().get("/v1/ticket").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
        // A cursor of the ticket list is not one of the deleted list (another order).
        admin.as().queryParam("cursor", next).when().get("/v1/ticket/deleted").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
        for (String path : List.of("/v1/ticket", "/v1/ticket/deleted")) {
            admin.as().queryParam("page", 1).when().get(path).then().statusCode(400)
                    .contentType(containsString("application/problem+json"))
                    .body("errors[0].field", equalTo("page")).body("errors[0].detail", equalTo("replaced by cursor"));
            admin.as().queryParam("page", 0).queryParam("size", 5).when().get(path).then().statusCode(400)
                    .body("errors[0].field", equalTo("page"));
            admin.as().queryParam("size", 0).when().get(path).then().statusCode(400).body("errors[0].field", equalTo("size"));
            admin.as().queryParam("size", 101).when().get(path).then().statusCode(400).body("errors[0].field", equalTo("size"));
            admin.as().queryParam("size", 100).when().get(path).then().statusCode(200);
            for (String total : List.of("maybe", "1", "TRUE", "yes")) {
                admin.as().queryParam("total", total).when().get(path).then().statusCode(400)
                        .body("errors[0].field", equalTo("total"));
            }
        }
    }

    @Test
    void aCursorOfAnotherListSortedAlikeOrAForgedOneIs400() {
        String tag = "alike-" + UUID.randomUUID().toString().substring(0, 8);
        TicketApi.Person admin = TicketApi.admin();
        seed(3, "c-" + tag, tag);
        // The ticket list by -updatedAt and the deleted list sort alike; each cursor names its own list.
        String tickets = admin.as().queryParam("tag", tag).queryParam("sort", "-updatedAt").queryParam("size", 1).when()
                .get("/v1/ticket").then().statusCode(200).extract().path("next");
        admin.as().queryParam("cursor", tickets).when().get("/v1/ticket/deleted").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
        String deleted = Keyset.encode(TicketQueries.SortKey.order("-updatedAt", true), new Keyset.Position(new Date(), "t-1"));
        admin.as().queryParam("sort", "-updatedAt").queryParam("cursor", deleted).when().get("/v1/ticket").then()
                .statusCode(400).body("errors[0].field", equalTo("cursor"));
        admin.as().queryParam("cursor", deleted).when().get("/v1/ticket/deleted").then().statusCode(200);
        // A sort value that is a document would be an operator in the filter: refused, never a store error.
        for (Object forged : List.of(new Document("$bogus", 1), List.of(1), new org.bson.BsonRegularExpression(".*"))) {
            String cursor = Keyset.encode(TicketQueries.SortKey.order(null), new Keyset.Position(forged, "t-1"));
            admin.as().queryParam("cursor", cursor).when().get("/v1/ticket").then().statusCode(400)
                    .body("errors[0].field", equalTo("cursor"));
            String id = Keyset.encode(TicketQueries.SortKey.order(null), new Keyset.Position(new Date(), forged));
            admin.as().queryParam("cursor", id).when().get("/v1/ticket").then().statusCode(400)
                    .body("errors[0].field", equalTo("cursor"));
        }
    }

    @Test
    void theDeletedListPagesByCursorMostRecentlyChangedFirstForAdminsOnly() {
        String tag = "gone-" + UUID.randomUUID().toString().substring(0, 8);
        List<Document> rows = seed(12, "c-" + tag, tag);
        // Changed after everything else in the store, so they lead the deleted list.
        Instant later = Instant.now().plusSeconds(3600);
        for (int i = 0; i < rows.size(); i++) {
            tickets().updateOne(new Document("_id", rows.get(i).getString("_id")), new Document("$set",
                    new Document("deleted", true).append("updatedAt", Date.from(later.plusSeconds(i % 4)))));
            rows.get(i).put("updatedAt", Date.from(later.plusSeconds(i % 4)));
        }
        TicketApi.Person admin = TicketApi.admin();
        List<String> seen = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 3; page++) {
            var request = admin.as().queryParam("size", 4);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath answer = request.when().get("/v1/ticket/deleted").then().statusCode(200).extract().jsonPath();
            seen.addAll(answer.getList("items.id"));
            cursor = answer.getString("next");
        }
        assertEquals(sorted(rows, "-updatedAt"), seen);
        admin.as().queryParam("total", true).when().get("/v1/ticket/deleted").then().statusCode(200)
                .body("total", not(nullValue()));
        TicketApi.agent().as().when().get("/v1/ticket/deleted").then().statusCode(403);
        TicketApi.customer().as().when().get("/v1/ticket/deleted").then().statusCode(403);
        TicketApi.person(Roles.SERVICE).as().when().get("/v1/ticket/deleted").then().statusCode(403);
        given().when().get("/v1/ticket/deleted").then().statusCode(401);
        // Not in the ticket list.
        admin.as().queryParam("tag", tag).when().get("/v1/ticket").then().statusCode(200).body("items", empty());
    }

    @Test
    void rowsAreSummariesReadWithoutTheConversationAndCountWhatTheCallerSees() {
        String tag = "rows-" + UUID.randomUUID().toString().substring(0, 8);
        Document row = ticket(tag + "-1", 1, "c-" + tag, tag);
        // A conversation and a history no list may read: a list that loaded them could not decode this row.
        row.append("messages", "not a conversation").append("history", 42);
        tickets().insertOne(row);
        TicketApi.Person customer = new TicketApi.Person("c-" + tag, Roles.CUSTOMER,
                TestTokens.forUser("c-" + tag).role(Roles.CUSTOMER).sign());
        customer.as().when().get("/v1/ticket").then().statusCode(200).body("items.id", contains(tag + "-1"))
                .body("items[0].messageCount", equalTo(2)).body("items[0].subject", equalTo("Listed 1"))
                .body("items[0].priority", equalTo(PRIORITIES[7 % 4])).body("items[0].slaPaused", equalTo(false))
                .body("items[0]", not(org.hamcrest.Matchers.hasKey("messages")))
                .body("items[0]", not(org.hamcrest.Matchers.hasKey("searchText")));
        TicketApi.agent().as().queryParam("tag", tag).when().get("/v1/ticket").then().statusCode(200)
                .body("items[0].messageCount", equalTo(3));
    }

    @Test
    void theStandInHasNoTextSoTheSearchIsLiteralAndCustomersNeverMatchInternalNotes() {
        assertFalse(search.words(), "the MongoDB-wire stand-in refuses $text");
        String tag = "find-" + UUID.randomUUID().toString().substring(0, 8);
        String customerId = "c-" + tag;
        tickets().insertMany(List.of(
                ticket(tag + "-jam", 1, customerId, tag).append("subject", "Printer jam on floor 3"),
                ticket(tag + "-math", 2, customerId, tag).append("searchText", "It says (a+b) where the total should be"),
                ticket(tag + "-note", 3, customerId, tag).append("internalText", "secret-internal-word " + tag)));
        TicketApi.Person customer = new TicketApi.Person(customerId, Roles.CUSTOMER,
                TestTokens.forUser(customerId).role(Roles.CUSTOMER).sign());
        TicketApi.Person agent = TicketApi.agent();

        customer.as().queryParam("q", "PRINTER JAM").when().get("/v1/ticket").then().body("items.id", contains(tag + "-jam"));
        customer.as().queryParam("q", "(a+b)").when().get("/v1/ticket").then().body("items.id", contains(tag + "-math"));
        // Literal: the text as typed, never a pattern, and not by words.
        customer.as().queryParam("q", ".*").when().get("/v1/ticket").then().body("items", empty());
        customer.as().queryParam("q", "jam printer").when().get("/v1/ticket").then().body("items", empty());
        // Internal notes: staff find them, the customer never does.
        customer.as().queryParam("q", "secret-internal-word").queryParam("total", true).when().get("/v1/ticket").then()
                .statusCode(200).body("items", empty()).body("total", equalTo(0));
        agent.as().queryParam("q", "secret-internal-word " + tag).when().get("/v1/ticket").then()
                .body("items.id", contains(tag + "-note"));
        TicketApi.admin().as().queryParam("q", "Secret-Internal-Word " + tag).when().get("/v1/ticket").then()
                .body("items.id", contains(tag + "-note"));
        // The search narrows the other filters and pages like any list.
        agent.as().queryParam("q", "listed").queryParam("tag", tag).queryParam("size", 1).queryParam("total", true)
                .when().get("/v1/ticket").then().body("items", hasSize(1)).body("total", equalTo(2))
                .body("next", not(nullValue()));
    }

    @Test
    void noTokenAndARevokedTokenGetNoList() {
        given().when().get("/v1/ticket").then().statusCode(401);
        String jti = UUID.randomUUID().toString();
        String revoked = TestTokens.forUser("admin-" + jti).role(Roles.ADMIN).jti(jti).sign();
        given().auth().oauth2(revoked).when().get("/v1/ticket/deleted").then().statusCode(200);
        RedisTestResource.revokeToken(jti);
        given().auth().oauth2(revoked).when().get("/v1/ticket/deleted").then().statusCode(401);
        given().auth().oauth2(revoked).when().get("/v1/ticket").then().statusCode(401);
    }

    @Test
    void anEmptyListHasNoNextPage() {
        TicketApi.customer().as().when().get("/v1/ticket").then().statusCode(200).body("items", empty())
                .body("next", nullValue()).body("total", nullValue());
    }
}
