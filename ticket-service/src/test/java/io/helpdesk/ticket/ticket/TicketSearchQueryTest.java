package io.helpdesk.ticket.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.bson.BsonDocument;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;

import com.mongodb.MongoClientSettings;

import io.helpdesk.platform.security.Caller;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.ticket.storage.TicketIndexes;

/**
 * The search by words where the store has {@code $text}: it cannot run on the MongoDB-wire stand-in, so
 * it is shown by the query it builds and by the index it needs. The literal search runs end to end in
 * {@code TicketListTest}. Also: what a list row reads from the store.
 */
class TicketSearchQueryTest {

    private static BsonDocument filter(String role, String q, boolean words) {
        return document(TicketQueries.query(Caller.acting("u-1", role), new TicketQueries.Criteria(null, null, null, null,
                null, null, null, q, null, false), null, words).filter());
    }

    private static BsonDocument document(Bson bson) {
        return bson.toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry());
    }

    @Test
    void staffSearchByTheWordsWithTextWhereTheStoreHasIt() {
        for (String role : List.of(Roles.AGENT, Roles.ADMIN, Roles.SERVICE)) {
            String json = filter(role, "  Printer jammed, -again \"now\" ", true).toJson();
            // The words only: no phrase, no negation, nothing literal besides.
            assertTrue(json.contains("{\"$text\": {\"$search\": \"Printer jammed again now\"}}"), json);
            assertFalse(json.contains("$regularExpression"), json);
        }
        assertTrue(TicketQueries.query(Caller.acting("u-1", Roles.AGENT), new TicketQueries.Criteria(null, null, null, null,
                null, null, null, "printer", null, false), null, true).text());
    }

    @Test
    void customersNeverSearchTheTextIndexWhichCoversInternalNotes() {
        BsonDocument customer = filter(Roles.CUSTOMER, "printer", true);
        String json = customer.toJson();
        assertFalse(json.contains("$text"), json);
        assertTrue(json.contains("\"customerId\": \"u-1\""), json);
        assertTrue(json.contains("\"subject\": {\"$regularExpression\"") && json.contains("\"searchText\": {\"$regularExpression\""),
                json);
        assertFalse(json.contains("internalText"), json);
    }

    @Test
    void withoutTextTheSearchIsLiteralAndStaffAlsoMatchInternalNotes() {
        String staff = filter(Roles.AGENT, "(a+b)", false).toJson();
        assertFalse(staff.contains("$text"), staff);
        assertTrue(staff.contains("\"internalText\": {\"$regularExpression\": {\"pattern\": \"\\\\Q(a+b)\\\\E\", \"options\": \"i\"}}"),
                staff);
        String customer = filter(Roles.CUSTOMER, "(a+b)", false).toJson();
        assertFalse(customer.contains("internalText"), customer);
    }

    @Test
    void aSearchOfNoWordsAtAllIsLiteralEvenWithText() {
        String json = filter(Roles.ADMIN, "+-+", true).toJson();
        assertFalse(json.contains("$text"), json);
        assertTrue(json.contains("$regularExpression"), json);
    }

    @Test
    void theTextIndexWeighsTheSubjectAboveTheConversationAboveInternalNotes() {
        assertEquals("ticket_text", TicketIndexes.TEXT.getOptions().getName());
        assertEquals(document(TicketIndexes.TEXT.getKeys()),
                BsonDocument.parse("{subject: 'text', searchText: 'text', internalText: 'text'}"));
        assertEquals(document(TicketIndexes.TEXT.getOptions().getWeights()),
                BsonDocument.parse("{subject: 10, searchText: 3, internalText: 1}"));
    }

    @Test
    void aListRowReadsItsSummaryFieldsOnlyAndEachIsAStoredField() throws Exception {
        List<String> fields = TicketViews.SUMMARY_FIELD_NAMES;
        for (String never : List.of("messages", "history", "outbox", "outboxFailed", "searchText", "internalText",
                "customerEmail")) {
            assertFalse(fields.contains(never), never);
        }
        for (String field : fields) {
            if (!field.equals("_id")) {
                Ticket.class.getField(field);
            }
        }
        assertTrue(fields.containsAll(Set.of("_id", "subject", "status", "messageCount", "publicMessageCount", "slaPausedAt",
                "priorityRank", "createdAt", "updatedAt", "slaDueAt", "version")), fields.toString());
        assertEquals(document(TicketViews.SUMMARY_FIELDS).keySet(), Set.copyOf(fields));
    }
}
