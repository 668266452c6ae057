package io.helpdesk.ticket;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;

import io.restassured.path.json.JsonPath;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A ticket's conversation and history in collections of their own: the paged routes, the newest messages
 * on the ticket, the bounded ticket document, and the rule that keeps the rows consistent with the ticket.
 */
@QuarkusTest
class TicketConversationTest {

    @Inject
    MongoClient mongo;

    @Test
    void theConversationPagesOldestFirstByCursorAndCustomersNeverSeeInternalNotes() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person agent = TicketApi.agent();
        String id = TicketApi.openId(ada, "A long conversation");
        for (int i = 1; i <= 7; i++) {
            TicketApi.reply(i % 2 == 0 ? ada : agent, id, "public " + i, false).then().statusCode(200);
            TicketApi.reply(agent, id, "internal " + i, true).then().statusCode(200);
        }

        List<String> staff = texts(agent, id, 3);
        assertEquals(15, staff.size());
        assertEquals("Details of A long conversation", staff.get(0));
        assertEquals(List.of("public 1", "internal 1", "public 2"), staff.subList(1, 4));

        List<String> customer = texts(ada, id, 3);
        assertEquals(8, customer.size());
        assertTrue(customer.stream().noneMatch(t -> t.startsWith("internal")), customer.toString());
        assertEquals("public 7", customer.get(7));

        ada.as().queryParam("total", true).queryParam("size", 4).when().get("/v1/ticket/" + id + "/messages").then()
                .statusCode(200).body("total", equalTo(8)).body("items", hasSize(4))
                .body("items.internal", everyItem(equalTo(false)))
                .header("Link", containsString("rel=\"next\""));
        agent.as().queryParam("total", true).when().get("/v1/ticket/" + id + "/messages").then()
                .statusCode(200).body("total", equalTo(15)).body("items", hasSize(15)).body("next", nullValue())
                .header("Link", not(containsString("rel=\"next\"")));
        agent.as().when().get("/v1/ticket/" + id + "/messages").then().body("total", nullValue());
    }

    @Test
    void theTicketShowsItsNewestMessagesAndHowManyThereAre() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person agent = TicketApi.agent();
        String id = TicketApi.openId(ada, "Newest twenty");
        for (int i = 1; i <= 24; i++) {
            TicketApi.reply(agent, id, "reply " + i, false).then().statusCode(200);
        }
        TicketApi.reply(agent, id, "a note", true).then().statusCode(200)
                .body("messages", hasSize(20)).body("messages[19].text", equalTo("a note"))
                .body("messages[0].text", equalTo("reply 6")).body("messageCount", equalTo(26));
        ada.as().when().get("/v1/ticket/" + id).then().statusCode(200)
                .body("messages", hasSize(20)).body("messages[0].text", equalTo("reply 5"))
                .body("messages[19].text", equalTo("reply 24")).body("messageCount", equalTo(25));
        TicketApi.reply(ada, id, "thanks", false).then().statusCode(200)
                .body("messages[19].text", equalTo("thanks")).body("messageCount", equalTo(26));
    }

    @Test
    void theHistoryPagesByCursorForStaffOnly() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person agent = TicketApi.agent();
        String id = TicketApi.openId(ada, "Many changes");
        for (String priority : List.of("HIGH", "LOW", "URGENT", "NORMAL")) {
            TicketApi.patch(agent, id, Map.of("priority", priority)).then().statusCode(200);
        }
        List<String> actions = new ArrayList<>();
        List<String> to = new ArrayList<>();
        String cursor = null;
        do {
            var request = agent.as().queryParam("size", 2).queryParam("total", true);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get("/v1/ticket/" + id + "/history").then().statusCode(200)
                    .body("total", equalTo(5)).extract().jsonPath();
            actions.addAll(page.getList("items.action"));
            page.getList("items.to.priority", String.class).forEach(to::add);
            cursor = page.getString("next");
        } while (cursor != null);
        assertEquals(List.of("created", "updated", "updated", "updated", "updated"), actions);
        assertEquals(java.util.Arrays.asList(null, "HIGH", "LOW", "URGENT", "NORMAL"), to);

        ada.as().when().get("/v1/ticket/" + id + "/history").then().statusCode(403);
        ada.as().when().get("/v1/ticket/" + id + "/messages").then().statusCode(200);
    }

    @Test
    void callersWhoMayNotSeeTheTicketGetNothing() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person bob = TicketApi.customer();
        TicketApi.Person agent = TicketApi.agent();
        TicketApi.Person other = TicketApi.agent();
        TicketApi.Person admin = TicketApi.admin();
        String id = TicketApi.openId(ada, "Private matters");
        People.registered(agent, "Asha Assigned");
        TicketApi.patch(admin, id, Map.of("assigneeId", agent.id())).then().statusCode(200);

        given().when().get("/v1/ticket/" + id + "/messages").then().statusCode(401);
        given().when().get("/v1/ticket/" + id + "/history").then().statusCode(401);
        bob.as().when().get("/v1/ticket/" + id + "/messages").then().statusCode(404);
        other.as().when().get("/v1/ticket/" + id + "/messages").then().statusCode(404);
        other.as().when().get("/v1/ticket/" + id + "/history").then().statusCode(404);
        ada.as().when().get("/v1/ticket/" + id + "/history").then().statusCode(403);
        agent.as().when().get("/v1/ticket/no-such-ticket/messages").then().statusCode(404);

        ada.as().when().delete("/v1/ticket/" + id).then().statusCode(204);
        ada.as().when().get("/v1/ticket/" + id + "/messages").then().statusCode(404);
        admin.as().when().get("/v1/ticket/" + id + "/messages").then().statusCode(404);
        admin.as().when().get("/v1/ticket/" + id + "/history").then().statusCode(404);
    }

    @Test
    void aCursorThatIsNotOneOfThisListOrASizeOutOfRangeIsRefused() {
        TicketApi.Person ada = TicketApi.customer();
        String id = TicketApi.openId(ada, "Bad cursors");
        for (String cursor : List.of("not a cursor", "AAAA", "x".repeat(513))) {
            ada.as().queryParam("cursor", cursor).when().get("/v1/ticket/" + id + "/messages").then().statusCode(400)
                    .body("errors[0].field", equalTo("cursor"));
        }
        for (int size : new int[] { 0, 201 }) {
            ada.as().queryParam("size", size).when().get("/v1/ticket/" + id + "/messages").then().statusCode(400)
                    .body("errors[0].field", equalTo("size"));
        }
        TicketApi.admin().as().queryParam("cursor", "AAAA").when().get("/v1/ticket/" + id + "/history").then()
                .statusCode(400).body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void aCursorOfTheConversationIsNotOneOfTheHistoryAndTotalIsOnlyTrueOrFalse() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person agent = TicketApi.agent();
        String id = TicketApi.openId(ada, "Two lists by seq");
        for (String priority : List.of("HIGH", "LOW")) {
            TicketApi.patch(agent, id, Map.of("priority", priority)).then().statusCode(200);
        }
        TicketApi.reply(ada, id, "one more", false).then().statusCode(200);
        // Both lists sort by +seq; each cursor names its own list.
        String messages = agent.as().queryParam("size", 1).when().get("/v1/ticket/" + id + "/messages").then().statusCode(200)
                .extract().path("next");
        String history = agent.as().queryParam("size", 1).when().get("/v1/ticket/" + id + "/history").then().statusCode(200)
                .extract().path("next");
        assertNotNull(messages);
        assertNotNull(history);
        agent.as().queryParam("cursor", messages).when().get("/v1/ticket/" + id + "/history").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
        agent.as().queryParam("cursor", history).when().get("/v1/ticket/" + id + "/messages").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
        agent.as().queryParam("cursor", messages).when().get("/v1/ticket/" + id + "/messages").then().statusCode(200);
        agent.as().queryParam("cursor", history).when().get("/v1/ticket/" + id + "/history").then().statusCode(200);
        for (String route : List.of("/messages", "/history")) {
            for (String total : List.of("maybe", "1", "TRUE", "yes")) {
                agent.as().queryParam("total", total).when().get("/v1/ticket/" + id + route).then().statusCode(400)
                        .body("errors[0].field", equalTo("total"));
            }
            agent.as().queryParam("total", "false").when().get("/v1/ticket/" + id + route).then().statusCode(200)
                    .body("total", nullValue());
        }
    }

    @Test
    void aLongConversationKeepsTheTicketDocumentSmallAndItsSearchTextBounded() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person agent = TicketApi.agent();
        String id = TicketApi.openId(ada, "A very long conversation");
        String text = "y".repeat(19_990);
        for (int i = 0; i < 300; i++) {
            TicketApi.reply(i % 2 == 0 ? agent : ada, id, String.format("%09d ", i) + text, false).then().statusCode(200);
        }
        Document stored = tickets().find(new Document("_id", id)).first();
        int bytes = new RawBsonDocument(stored, new DocumentCodec()).getByteBuffer().remaining();
        assertTrue(bytes < 300_000, "the ticket document takes " + bytes + " bytes");
        assertEquals(301, stored.getInteger("messageCount"));
        assertEquals(100_000, stored.getString("searchText").length());
        assertTrue(stored.getList("pendingMessages", Document.class).isEmpty());
        assertEquals(301, mongo.getDatabase("tickets").getCollection("ticket_messages")
                .countDocuments(new Document("ticketId", id)));
        List<String> all = texts(agent, id, 200);
        assertEquals(301, all.size());
        assertTrue(all.get(300).startsWith("000000299 "));
    }

    @Test
    void repliesRacingForOnePlaceLeaveExactlyTheWinnersMessages() throws Exception {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person agent = TicketApi.agent();
        String id = TicketApi.openId(ada, "Racing replies");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String text = "racer " + i;
                boolean internal = i % 2 == 0;
                answers.add(pool.submit(() -> TicketApi.reply(agent, id, text, internal).statusCode()));
            }
            List<String> won = new ArrayList<>();
            for (int i = 0; i < answers.size(); i++) {
                int status = answers.get(i).get();
                assertTrue(status == 200 || status == 409, "status " + status);
                if (status == 200) {
                    won.add("racer " + i);
                }
            }
            List<String> shown = texts(agent, id, 50);
            assertEquals(1 + won.size(), shown.size());
            assertEquals(Set.copyOf(won), Set.copyOf(shown.subList(1, shown.size())));
            assertEquals(1 + won.size(), messages().countDocuments(new Document("ticketId", id)));
            assertEquals(1 + won.size(), (int) tickets().find(new Document("_id", id)).first().getInteger("messageCount"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRowTheTicketDoesNotAccountForIsNeverShown() {
        TicketApi.Person ada = TicketApi.customer();
        String id = TicketApi.openId(ada, "A lost race");
        // A write that lost its race, or stopped before the ticket was written: its row is past the count.
        messages().insertOne(new Document("_id", id + ":2").append("ticketId", id).append("seq", 2)
                .append("messageId", "stray").append("senderId", ada.id()).append("senderRole", "CUSTOMER")
                .append("text", "never written").append("internal", false).append("at", new Date()));
        histories().insertOne(new Document("_id", id + ":2").append("ticketId", id).append("seq", 2)
                .append("action", "replied").append("actorId", ada.id()).append("at", new Date()));

        ada.as().when().get("/v1/ticket/" + id + "/messages").then().statusCode(200).body("items", hasSize(1));
        ada.as().when().get("/v1/ticket/" + id).then().body("messages.text", contains("Details of A lost race"))
                .body("messageCount", equalTo(1));
        TicketApi.admin().as().when().get("/v1/ticket/" + id + "/history").then().body("items.action", contains("created"));

        // The next write takes that place and writes its own row over the stray one.
        TicketApi.reply(ada, id, "the real second message", false).then().statusCode(200);
        ada.as().when().get("/v1/ticket/" + id + "/messages").then()
                .body("items.text", contains("Details of A lost race", "the real second message"));
        TicketApi.admin().as().when().get("/v1/ticket/" + id + "/history").then()
                .body("items.action", contains("created", "replied"));
    }

    @Test
    void rowsAWriteLeftInTheTicketAreWrittenByTheNextRead() {
        TicketApi.Person ada = TicketApi.customer();
        String id = TicketApi.openId(ada, "A crash after the commit");
        // The ticket's write went in, the service stopped before writing the rows it carries.
        Document row = new Document("_id", id + ":2").append("ticketId", id).append("seq", 2).append("messageId", "m-2")
                .append("senderId", ada.id()).append("senderRole", "CUSTOMER").append("text", "carried by the ticket")
                .append("internal", false).append("at", new Date());
        Document change = new Document("_id", id + ":2").append("ticketId", id).append("seq", 2).append("action", "replied")
                .append("actorId", ada.id()).append("actorRole", "CUSTOMER").append("at", new Date())
                .append("from", new Document()).append("to", new Document());
        tickets().updateOne(new Document("_id", id), new Document("$set", new Document("messageCount", 2)
                .append("publicMessageCount", 2).append("historyCount", 2).append("version", 2L)
                .append("pendingMessages", List.of(row)).append("pendingChanges", List.of(change))));
        assertNull(messages().find(new Document("_id", id + ":2")).first());

        ada.as().when().get("/v1/ticket/" + id + "/messages").then().statusCode(200)
                .body("items.text", contains("Details of A crash after the commit", "carried by the ticket"));
        assertNotNull(messages().find(new Document("_id", id + ":2")).first());
        assertNotNull(histories().find(new Document("_id", id + ":2")).first());
        Document stored = tickets().find(new Document("_id", id)).first();
        assertTrue(stored.getList("pendingMessages", Document.class).isEmpty());
        assertTrue(stored.getList("pendingChanges", Document.class).isEmpty());
        TicketApi.admin().as().when().get("/v1/ticket/" + id + "/history").then()
                .body("items.action", contains("created", "replied"));
    }

    /**
     * Every message text the caller reads by following the cursor, {@code size} at a time; a customer's
     * pages are checked to hold no internal note.
     */
    private static List<String> texts(TicketApi.Person who, String id, int size) {
        List<String> texts = new ArrayList<>();
        String cursor = null;
        do {
            var request = who.as().queryParam("size", size);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get("/v1/ticket/" + id + "/messages").then().statusCode(200).extract().jsonPath();
            assertTrue(page.getList("items").size() <= size);
            texts.addAll(page.getList("items.text"));
            if (who.role().equals("CUSTOMER")) {
                assertTrue(page.getList("items.internal", Boolean.class).stream().noneMatch(b -> b), page.prettify());
            }
            cursor = page.getString("next");
        } while (cursor != null);
        return texts;
    }

    private MongoCollection<Document> tickets() {
        return mongo.getDatabase("tickets").getCollection("tickets");
    }

    private MongoCollection<Document> messages() {
        return mongo.getDatabase("tickets").getCollection("ticket_messages");
    }

    private MongoCollection<Document> histories() {
        return mongo.getDatabase("tickets").getCollection("ticket_history");
    }
}
