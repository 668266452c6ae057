package io.helpdesk.ticket.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class TicketSearchTest {

    @Test
    void messagesAreJoinedByNewlinesEachKindOnItsOwn() {
        Ticket ticket = new Ticket();
        TicketSearch.add(ticket, "first", false);
        TicketSearch.add(ticket, "a note", true);
        TicketSearch.add(ticket, "second", false);
        assertEquals("first\nsecond", ticket.searchText);
        assertEquals("a note", ticket.internalText);
    }

    @Test
    void theTextKeepsItsFirstHundredThousandCharacters() {
        String kept = TicketSearch.append(null, "a".repeat(99_998));
        kept = TicketSearch.append(kept, "bcd");
        assertEquals(TicketSearch.MAX_CHARS, kept.length());
        assertEquals("a".repeat(99_998) + "\nb", kept);
        assertSame(kept, TicketSearch.append(kept, "more"));
        assertEquals(TicketSearch.MAX_CHARS, TicketSearch.append(null, "x".repeat(200_000)).length());
    }

    @Test
    void aTicketWithoutMessagesHasNoSearchText() {
        assertNull(new Ticket().searchText);
    }
}
