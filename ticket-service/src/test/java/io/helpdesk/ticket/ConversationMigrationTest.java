package io.helpdesk.ticket;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;

import io.helpdesk.ticket.migration.ConversationMigration;
import io.helpdesk.ticket.ticket.LegacyConversation;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Tickets stored by the earlier version, which embed their conversation and history, are moved into the
 * collections: once, wherever a pass stopped, and correctly shown before and while it runs.
 */
@QuarkusTest
class ConversationMigrationTest {

    @Inject
    MongoClient mongo;

    @Inject
    ConversationMigration migration;

    @Inject
    LegacyConversation legacy;

    @Inject
    io.helpdesk.ticket.people.AssigneeRelease release;

    @BeforeEach
    void aPassNotDoneYet() {
        // Tickets of every other test are of the new shape already; a fresh pass finds only these.
        db().getCollection("migrations").deleteMany(new Document());
    }

    @Test
    void aPassMovesEveryEarlierTicketOnceAndARunAfterwardsChangesNothing() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person agent = TicketApi.agent();
        String first = legacyTicket(ada, agent, 3, true);
        String second = legacyTicket(ada, agent, 1, false);

        assertTrue(migration.run() >= 2);
        assertTrue(migration.done());
        for (String id : List.of(first, second)) {
            Document ticket = tickets().find(new Document("_id", id)).first();
            assertFalse(ticket.containsKey("messages"), ticket.toJson());
            assertFalse(ticket.containsKey("history"), ticket.toJson());
        }
        Document moved = tickets().find(new Document("_id", first)).first();
        assertEquals(5, moved.getInteger("messageCount"));
        assertEquals(4, moved.getInteger("publicMessageCount"));
        assertEquals(3, moved.getInteger("historyCount"));
        assertEquals("Help me\nanswer 1\nanswer 2\nanswer 3", moved.getString("searchText"));
        assertEquals("a note", moved.getString("internalText"));
        assertEquals(7L, moved.getLong("version"), "moving is no change of the ticket");
        // When the assignee got it came from the history, which the ticket no longer holds.
        assertEquals(Date.from(Instant.parse("2026-01-02T10:00:00Z")), moved.getDate("assignedAt"));
        assertEquals(5, messages().countDocuments(new Document("ticketId", first)));
        assertEquals(3, histories().countDocuments(new Document("ticketId", first)));
        Document row = messages().find(new Document("_id", first + ":5")).first();
        assertEquals("a note", row.getString("text"));
        assertTrue(row.getBoolean("internal"));
        assertEquals("legacy-" + first + "-5", row.getString("messageId"));

        // Shown as before.
        ada.as().when().get("/v1/ticket/" + first).then().statusCode(200).body("messageCount", equalTo(4))
                .body("messages.text", contains("Help me", "answer 1", "answer 2", "answer 3"));
        agent.as().when().get("/v1/ticket/" + first + "/messages").then().statusCode(200).body("items", hasSize(5))
                .body("items[4].id", equalTo("legacy-" + first + "-5"));
        agent.as().when().get("/v1/ticket/" + first + "/history").then().statusCode(200)
                .body("items.action", contains("created", "updated", "replied"));

        // Again: nothing to move, nothing changes.
        Document before = tickets().find(new Document("_id", first)).first();
        db().getCollection("migrations").deleteMany(new Document());
        assertEquals(0, migration.run());
        assertFalse(legacy.move(first));
        assertEquals(before, tickets().find(new Document("_id", first)).first());
        assertEquals(5, messages().countDocuments(new Document("ticketId", first)));
    }

    @Test
    void aPassStoppedHalfWayGoesOnFromWhereItGot() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person agent = TicketApi.agent();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(legacyTicket(ada, agent, i, false));
        }
        // A ticket whose rows were written when the pass stopped, before the ticket was: written again, once.
        String halfMoved = ids.get(3);
        messages().insertOne(new Document("_id", halfMoved + ":1").append("ticketId", halfMoved).append("seq", 1)
                .append("text", "Help me").append("internal", false).append("messageId", "legacy-" + halfMoved + "-1"));

        int movedFirst = migration.run(null, 2);
        assertFalse(migration.done());
        Document progress = db().getCollection("migrations").find().first();
        assertNotNull(progress.get("after"));
        assertEquals(2, progress.getInteger("moved"));

        int movedAfter = migration.run();
        assertTrue(movedFirst + movedAfter >= 5);
        assertTrue(migration.done());
        for (String id : ids) {
            Document ticket = tickets().find(new Document("_id", id)).first();
            assertFalse(ticket.containsKey("messages"), id);
            assertEquals(ticket.getInteger("messageCount"), (int) messages().countDocuments(new Document("ticketId", id)));
        }
        assertEquals(4, messages().countDocuments(new Document("ticketId", halfMoved)));
    }

    @Test
    void aTicketNotMovedYetReadsAndTakesRepliesAsBefore() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person agent = TicketApi.agent();
        String id = legacyTicket(ada, agent, 2, true);

        // Read before the pass: moved on the way, shown whole.
        agent.as().when().get("/v1/ticket/" + id).then().statusCode(200).body("messageCount", equalTo(4))
                .body("messages.text", contains("Help me", "answer 1", "answer 2", "a note"));
        // Replied to while the pass runs: the reply follows the moved conversation.
        ada.as().header("If-Match", "\"7\"").contentType("application/json").body("{\"text\":\"still broken\"}")
                .when().put("/v1/ticket/" + id).then().statusCode(200).body("version", equalTo(8))
                .body("messages.text", contains("Help me", "answer 1", "answer 2", "still broken"));
        migration.run();

        agent.as().when().get("/v1/ticket/" + id + "/messages").then().statusCode(200)
                .body("items.text", contains("Help me", "answer 1", "answer 2", "a note", "still broken"));
        agent.as().when().get("/v1/ticket/" + id + "/history").then().statusCode(200)
                .body("items.action", contains("created", "updated", "replied", "replied"));
        Document ticket = tickets().find(new Document("_id", id)).first();
        assertEquals(5, ticket.getInteger("messageCount"));
        assertEquals(4, ticket.getInteger("historyCount"));
        assertEquals("Help me\nanswer 1\nanswer 2\nstill broken", ticket.getString("searchText"));
        assertNull(ticket.get("messages"));
    }

    @Test
    void aTicketWrittenByTheEarlierVersionWhileBeingMovedIsReadAgain() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person agent = TicketApi.agent();
        String id = legacyTicket(ada, agent, 1, false);
        // Its rows written from what it held then, and then it got another message (and a new version).
        messages().insertOne(legacyMessage(id, 1, ada.id(), "CUSTOMER", "Help me", false).append("_id", id + ":1")
                .append("ticketId", id).append("seq", 1).append("publicSeq", 1));
        tickets().updateOne(new Document("_id", id), new Document("$push", new Document("messages",
                legacyMessage(id, 3, ada.id(), "CUSTOMER", "one more", false)))
                .append("$inc", new Document("version", 1L)));

        assertTrue(legacy.move(id));
        agent.as().when().get("/v1/ticket/" + id + "/messages").then()
                .body("items.text", contains("Help me", "answer 1", "one more"));
    }

    @Test
    void aTicketAnEarlierReplicaSavesAfterThePassIsDoneIsMovedByTheNextCheck() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person agent = TicketApi.agent();
        migration.run();
        assertTrue(migration.done());
        // During a rolling update a replica of the earlier version saves a ticket with its arrays again; another
        // one it saved long before the pass was done is not looked at (the sweep reads only recent saves).
        String recent = legacyTicket(ada, agent, 1, false);
        tickets().updateOne(new Document("_id", recent), new Document("$set", new Document("updatedAt", new Date())));
        String old = legacyTicket(ada, agent, 1, false);

        migration.check();
        Document moved = tickets().find(new Document("_id", recent)).first();
        assertEquals(3, moved.getInteger("historyCount"));
        assertFalse(moved.containsKey("messages"));
        assertEquals(List.of("Help me", "answer 1"), messages().find(new Document("ticketId", recent)).sort(new Document("seq", 1))
                .map(m -> m.getString("text")).into(new ArrayList<>()));
        assertNull(tickets().find(new Document("_id", old)).first().get("historyCount"), "only the saves since the pass are read");
        assertTrue(legacy.move(old));
    }

    @Test
    void anAssigneeReleaseAfterThePassReadsWhenAnEarlierReplicasTicketWasAssigned() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person agent = TicketApi.agent();
        migration.run();
        assertTrue(migration.done());
        // Created on 1 January, assigned on 2 January (its history says), saved by an earlier replica after the pass.
        String id = legacyTicket(ada, agent, 1, false);
        io.helpdesk.platform.people.Person disabled = new io.helpdesk.platform.people.Person();
        disabled.id = agent.id();
        disabled.role = "AGENT";
        disabled.status = "DISABLED";
        disabled.version = 2;

        // A disable that happened between the two (an old event read again) does not take the ticket away.
        assertEquals(0, release.releaseIfNotAssignable(disabled, Instant.parse("2026-01-01T12:00:00Z")));
        Document ticket = tickets().find(new Document("_id", id)).first();
        assertEquals(agent.id(), ticket.getString("assigneeId"));
        assertEquals(Date.from(Instant.parse("2026-01-02T10:00:00Z")), ticket.getDate("assignedAt"));
    }

    @Test
    void messagesWithoutAnIdGetIdsThatTellNothingOfTheNotesBetweenThem() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person agent = TicketApi.agent();
        String id = UUID.randomUUID().toString();
        List<String> withNotes = customerSees(ada, agent, id, true);
        List<String> withoutNotes = customerSees(ada, agent, id, false);
        assertEquals(3, withNotes.size());
        assertEquals(withoutNotes, withNotes, "the ids a customer gets are the same whether notes came between the messages");
        assertEquals(3, new java.util.HashSet<>(withNotes).size());
        List<String> staff = agent.as().when().get("/v1/ticket/" + id + "/messages").then().statusCode(200).extract().path("items.id");
        assertEquals(3, staff.size());
    }

    /**
     * Stores the ticket {@code id} as the earlier version would, its messages without ids (with internal notes between
     * them or not), moves it and answers the message ids its customer gets; then removes it and its rows.
     */
    private List<String> customerSees(TicketApi.Person customer, TicketApi.Person agent, String id, boolean notes) {
        List<Document> messages = new ArrayList<>();
        for (String text : List.of("Help me", "answer 1", "answer 2")) {
            if (notes && !text.equals("Help me")) {
                messages.add(new Document("senderId", agent.id()).append("senderRole", "AGENT").append("text", "note before " + text)
                        .append("internal", true).append("at", new Date()));
            }
            messages.add(new Document("senderId", text.startsWith("Help") ? customer.id() : agent.id())
                    .append("senderRole", text.startsWith("Help") ? "CUSTOMER" : "AGENT").append("text", text)
                    .append("internal", false).append("at", new Date()));
        }
        Date created = Date.from(Instant.parse("2026-01-01T10:00:00Z"));
        tickets().insertOne(LegacyTickets.ticket(id, "Ids from places", customer.id(), created, 3, messages, List.of()));
        assertTrue(legacy.move(id));
        List<String> ids = customer.as().when().get("/v1/ticket/" + id + "/messages").then().statusCode(200)
                .body("items.text", contains("Help me", "answer 1", "answer 2")).extract().path("items.id");
        if (notes) {
            tickets().deleteOne(new Document("_id", id));
            messages().deleteMany(new Document("ticketId", id));
        }
        return ids;
    }

    /**
     * A ticket as the earlier version stored it: the customer's description, {@code answers} public replies by
     * the agent, maybe an internal note, and its history, embedded; version 7, assigned with no assignedAt.
     */
    private String legacyTicket(TicketApi.Person customer, TicketApi.Person agent, int answers, boolean note) {
        String id = UUID.randomUUID().toString();
        Date created = Date.from(Instant.parse("2026-01-01T10:00:00Z"));
        List<Document> messages = new ArrayList<>();
        messages.add(legacyMessage(id, 1, customer.id(), "CUSTOMER", "Help me", false));
        for (int i = 1; i <= answers; i++) {
            messages.add(legacyMessage(id, messages.size() + 1, agent.id(), "AGENT", "answer " + i, false));
        }
        if (note) {
            messages.add(legacyMessage(id, messages.size() + 1, agent.id(), "AGENT", "a note", true));
        }
        List<Document> history = List.of(
                change(created, customer.id(), "CUSTOMER", "created", new Document(), new Document("status", "OPEN")),
                change(Date.from(Instant.parse("2026-01-02T10:00:00Z")), agent.id(), "AGENT", "updated",
                        new Document("assigneeId", ""), new Document("assigneeId", agent.id())),
                change(Date.from(Instant.parse("2026-01-03T10:00:00Z")), agent.id(), "AGENT", "replied",
                        new Document("status", "OPEN"), new Document("status", "OPEN")));
        tickets().insertOne(LegacyTickets.ticket(id, "Stored by the earlier version", customer.id(), created, 7, messages, history)
                .append("assigneeId", agent.id()));
        return id;
    }

    private static Document legacyMessage(String ticketId, int n, String sender, String role, String text, boolean internal) {
        return new Document("messageId", "legacy-" + ticketId + "-" + n).append("senderId", sender).append("senderRole", role)
                .append("text", text).append("internal", internal).append("at", new Date());
    }

    private static Document change(Date at, String actor, String role, String action, Document from, Document to) {
        return new Document("at", at).append("actorId", actor).append("actorRole", role).append("action", action)
                .append("from", from).append("to", to);
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
