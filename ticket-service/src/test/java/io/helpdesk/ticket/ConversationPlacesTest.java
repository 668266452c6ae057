package io.helpdesk.ticket;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.bson.Document;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.helpdesk.platform.people.Person;
import io.helpdesk.ticket.migration.ConversationMigration;
import io.helpdesk.ticket.people.AssigneeRelease;
import io.helpdesk.ticket.ticket.LegacyConversation;
import io.restassured.path.json.JsonPath;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The places of a ticket's rows: what a customer pages through tells nothing of internal notes; a ticket an
 * earlier replica saved after its move keeps its rows and gets the new ones after them; a ticket that cannot
 * be moved now is a 503 on read and waits for a later try of the migration, which goes on without it.
 */
@QuarkusTest
class ConversationPlacesTest {

    @Inject
    MongoClient mongo;

    @Inject
    ConversationMigration migration;

    @Inject
    LegacyConversation legacy;

    @Inject
    AssigneeRelease release;

    @Test
    void aCustomersPagesCursorsAndCountsAreTheSameWithOrWithoutInternalNotes() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person agent = TicketApi.agent();
        String withNotes = TicketApi.openId(ada, "Same conversation");
        String without = TicketApi.openId(ada, "Same conversation");
        for (int i = 1; i <= 4; i++) {
            for (String id : List.of(withNotes, without)) {
                TicketApi.reply(i % 2 == 0 ? ada : agent, id, "public " + i, false).then().statusCode(200);
            }
            for (int n = 0; n < i; n++) {
                TicketApi.reply(agent, withNotes, "internal " + i + "." + n, true).then().statusCode(200);
            }
        }

        List<Map<String, Object>> seenWithNotes = customerPages(ada, withNotes);
        List<Map<String, Object>> seenWithout = customerPages(ada, without);
        assertEquals(5, seenWithout.size(), "one message a page, and the last page has no next");
        assertEquals(seenWithout, seenWithNotes);
        // A cursor names the place among the public messages, as value and as id: no row id, no ticket id.
        assertEquals(new Document("o", "ticket-messages-public:+publicSeq").append("v", 2).append("i", 2), seenWithNotes.get(1).get("cursor"));
        ada.as().when().get("/v1/ticket/" + withNotes).then().statusCode(200).body("messageCount", equalTo(5));

        // Rows written before public messages were numbered: numbered on the customer's read, the same places.
        messages().updateMany(Filters.eq("ticketId", withNotes), Updates.unset("publicSeq"));
        assertEquals(seenWithout, customerPages(ada, withNotes));
        // ... and by the migration, which numbers what is left once and then is done.
        messages().updateMany(Filters.eq("ticketId", withNotes), Updates.unset("publicSeq"));
        db().getCollection("migrations").deleteOne(Filters.eq("_id", "ticket-public-places"));
        assertFalse(migration.done());
        migration.run();
        assertTrue(migration.done());
        List<Integer> places = new ArrayList<>();
        messages().find(Filters.and(Filters.eq("ticketId", withNotes), Filters.eq("internal", false)))
                .sort(Sorts.ascending("seq")).forEach(row -> places.add(row.getInteger("publicSeq")));
        assertEquals(List.of(1, 2, 3, 4, 5), places);
        assertEquals(0, messages().countDocuments(Filters.and(Filters.eq("ticketId", withNotes), Filters.eq("internal", true),
                Filters.exists("publicSeq", true), Filters.ne("publicSeq", null))));
        assertEquals(seenWithout, customerPages(ada, withNotes));

        // A staff cursor is no cursor of the customer's list.
        String staffCursor = agent.as().queryParam("size", 1).when().get("/v1/ticket/" + withNotes + "/messages").then()
                .statusCode(200).extract().path("next");
        ada.as().queryParam("cursor", staffCursor).when().get("/v1/ticket/" + withNotes + "/messages").then()
                .statusCode(400).body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void aTicketAnEarlierReplicaSavedAfterItsMoveKeepsItsRowsAndGetsTheNewOnesAfterThem() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person agent = TicketApi.agent();
        String id = TicketApi.openId(ada, "Saved by an earlier replica");
        TicketApi.reply(agent, id, "first answer", false).then().statusCode(200);
        TicketApi.reply(agent, id, "a note", true).then().statusCode(200);
        TicketApi.patch(agent, id, Map.of("priority", "HIGH")).then().statusCode(200);
        Document moved = tickets().find(Filters.eq("_id", id)).first();
        int messagesBefore = moved.getInteger("messageCount");
        int changesBefore = moved.getInteger("historyCount");
        assertEquals(3, messagesBefore);
        List<Document> rowsBefore = messages().find(Filters.eq("ticketId", id)).sort(Sorts.ascending("seq")).into(new ArrayList<>());
        List<Document> changesRowsBefore = histories().find(Filters.eq("ticketId", id)).sort(Sorts.ascending("seq"))
                .into(new ArrayList<>());

        // The earlier version replaces the document: no counters, and arrays with only what it added.
        Document old = new Document(moved);
        for (String field : List.of("messageCount", "publicMessageCount", "historyCount", "searchText", "internalText",
                "pendingMessages", "pendingChanges")) {
            old.remove(field);
        }
        Date at = Date.from(Instant.parse("2026-03-01T10:00:00Z"));
        old.append("messages", List.of(new Document("messageId", "old-replica-1").append("senderId", ada.id())
                .append("senderRole", "CUSTOMER").append("text", "still broken").append("internal", false).append("at", at)));
        old.append("history", List.of(new Document("at", at).append("actorId", ada.id()).append("actorRole", "CUSTOMER")
                .append("action", "replied").append("from", new Document("status", "OPEN")).append("to", new Document("status", "OPEN"))));
        old.put("version", moved.getLong("version") + 1);
        tickets().replaceOne(Filters.eq("_id", id), old);

        assertTrue(legacy.move(id));
        Document after = tickets().find(Filters.eq("_id", id)).first();
        assertEquals(messagesBefore + 1, after.getInteger("messageCount"));
        assertEquals(3, after.getInteger("publicMessageCount"));
        assertEquals(changesBefore + 1, after.getInteger("historyCount"));
        assertEquals("Details of Saved by an earlier replica\nfirst answer\nstill broken", after.getString("searchText"));
        assertEquals("a note", after.getString("internalText"));
        assertNull(after.get("messages"));
        List<Document> rows = messages().find(Filters.eq("ticketId", id)).sort(Sorts.ascending("seq")).into(new ArrayList<>());
        assertEquals(messagesBefore + 1, rows.size());
        assertEquals(rowsBefore, rows.subList(0, messagesBefore), "nothing overwritten");
        assertEquals(id + ":4", rows.get(3).getString("_id"));
        assertEquals("still broken", rows.get(3).getString("text"));
        assertEquals(3, rows.get(3).getInteger("publicSeq"));
        List<Document> changeRows = histories().find(Filters.eq("ticketId", id)).sort(Sorts.ascending("seq")).into(new ArrayList<>());
        assertEquals(changesBefore + 1, changeRows.size());
        assertEquals(changesRowsBefore, changeRows.subList(0, changesBefore));
        assertEquals("replied", changeRows.get(changesBefore).getString("action"));

        agent.as().when().get("/v1/ticket/" + id + "/messages").then().statusCode(200)
                .body("items.text", contains("Details of Saved by an earlier replica", "first answer", "a note", "still broken"));
        ada.as().when().get("/v1/ticket/" + id + "/messages").then().statusCode(200)
                .body("items.text", contains("Details of Saved by an earlier replica", "first answer", "still broken"));
    }

    @Test
    void aTicketThatCannotBeMovedNowIsA503OnReadAndTheMigrationGoesOnWithoutIt() {
        TicketApi.Person ada = TicketApi.customer();
        // Written on every try of the move: its conditional update never finds it as read.
        Document busyTicket = legacyTicket(ada).append("historyCount", null);
        tickets().insertOne(busyTicket);
        String busy = busyTicket.getString("_id");
        ada.as().when().get("/v1/ticket/" + busy).then().statusCode(503).header("Retry-After", equalTo("2"));
        ada.as().when().get("/v1/ticket/" + busy + "/messages").then().statusCode(503);

        // The migration skips a ticket it cannot move now, moves the ones after it, and tries it again later.
        db().getCollection("migrations").deleteMany(new Document());
        Document broken = legacyTicket(ada);
        broken.put("messages", "not a list yet");
        tickets().insertOne(broken);
        String after = insertLegacy(ada, null);
        migration.run();
        assertFalse(migration.done());
        assertNotNull(tickets().find(Filters.eq("_id", after)).first().get("historyCount"), "the pass went on");
        assertEquals(List.of(broken.getString("_id")),
                db().getCollection("migrations").find(Filters.eq("_id", "ticket-conversations")).first().getList("skipped", String.class));
        migration.run();
        assertFalse(migration.done(), "still not movable");

        tickets().updateOne(Filters.eq("_id", broken.getString("_id")), Updates.set("messages", List.of()));
        migration.run();
        assertTrue(migration.done());
        assertNotNull(tickets().find(Filters.eq("_id", broken.getString("_id"))).first().get("historyCount"));
        assertTrue(db().getCollection("migrations").find(Filters.eq("_id", "ticket-conversations")).first()
                .getList("skipped", String.class).isEmpty());
        tickets().deleteOne(Filters.eq("_id", busy));
    }

    @Test
    void anAssigneeReleaseLooksForEarlierTicketsAlsoOnceTheMigrationIsDone() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person agent = TicketApi.agent();
        Person gone = new Person();
        gone.id = agent.id();
        gone.role = "AGENT";
        gone.status = "DISABLED";
        gone.version = 1;

        migration.run();
        assertTrue(migration.done());
        // Saved by a replica of the earlier version after the pass; closed, so the release itself does not load
        // it: only the look for earlier tickets moves it.
        String left = insertLegacy(ada, agent.id());
        tickets().updateOne(Filters.eq("_id", left), Updates.set("status", "CLOSED"));
        release.releaseIfNotAssignable(gone, Instant.now());
        assertNotNull(tickets().find(Filters.eq("_id", left)).first().get("historyCount"), "looked for once the migration is done too");
    }

    /** One page after another, size 1, as the customer: each page's items (no id, no time) and its decoded cursor. */
    private static List<Map<String, Object>> customerPages(TicketApi.Person customer, String id) {
        List<Map<String, Object>> pages = new ArrayList<>();
        String cursor = null;
        do {
            var request = customer.as().queryParam("size", 1).queryParam("total", true);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get("/v1/ticket/" + id + "/messages").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> items = new ArrayList<>();
            for (Map<String, Object> item : page.<Map<String, Object>>getList("items")) {
                Map<String, Object> shown = new LinkedHashMap<>(item);
                assertNotNull(shown.remove("id"));
                shown.remove("at");
                items.add(shown);
            }
            cursor = page.getString("next");
            Map<String, Object> seen = new LinkedHashMap<>();
            seen.put("items", items);
            seen.put("total", page.get("total"));
            seen.put("cursor", cursor == null ? null
                    : new RawBsonDocument(Base64.getUrlDecoder().decode(cursor)).decode(new org.bson.codecs.DocumentCodec()));
            pages.add(seen);
        } while (cursor != null && pages.size() < 50);
        return pages;
    }

    /** A ticket as the earlier version stored it (embedded arrays), maybe assigned. */
    private String insertLegacy(TicketApi.Person customer, String assigneeId) {
        Document ticket = legacyTicket(customer);
        if (assigneeId != null) {
            ticket.append("assigneeId", assigneeId);
        }
        tickets().insertOne(ticket);
        return ticket.getString("_id");
    }

    private Document legacyTicket(TicketApi.Person customer) {
        String id = UUID.randomUUID().toString();
        Date created = Date.from(Instant.parse("2026-01-01T10:00:00Z"));
        return LegacyTickets.ticket(id, "Stored by the earlier version", customer.id(), created, 3,
                List.of(new Document("messageId", "m-" + id).append("senderId", customer.id()).append("senderRole", "CUSTOMER")
                        .append("text", "Help me").append("internal", false).append("at", created)),
                List.of(new Document("at", created).append("actorId", customer.id()).append("actorRole", "CUSTOMER")
                        .append("action", "created").append("from", new Document()).append("to", new Document("status", "OPEN"))));
    }

    private com.mongodb.client.MongoDatabase db() {
        return mongo.getDatabase("tickets");
    }

    private MongoCollection<Document> tickets() {
        return db().getCollection("tickets");
    }

    private MongoCollection<Document> messages() {
        return db().getCollection("ticket_messages");
    }

    private MongoCollection<Document> histories() {
        return db().getCollection("ticket_history");
    }
}
