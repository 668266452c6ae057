package io.helpdesk.platform.web.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PageLinksTest {

    private static String numbered(String uri, int page, int size, long total) {
        return PageLinks.of(URI.create(uri)).numbered(page, size, total);
    }

    @Test
    void aMiddlePageLinksToAllFourAndKeepsTheOtherParameters() {
        assertEquals("</v1/ticket?status=OPEN&q=printer%20jam&page=0&size=20>; rel=\"first\", "
                + "</v1/ticket?status=OPEN&q=printer%20jam&page=1&size=20>; rel=\"prev\", "
                + "</v1/ticket?status=OPEN&q=printer%20jam&page=3&size=20>; rel=\"next\", "
                + "</v1/ticket?status=OPEN&q=printer%20jam&page=4&size=20>; rel=\"last\"",
                numbered("http://localhost:8082/v1/ticket?status=OPEN&page=2&q=printer%20jam&size=20", 2, 20, 81));
    }

    @Test
    void theFirstAndTheLastPageHaveNoPrevOrNext() {
        String first = numbered("/v1/ticket", 0, 20, 40);
        assertFalse(first.contains("rel=\"prev\""), first);
        assertTrue(first.contains("</v1/ticket?page=1&size=20>; rel=\"next\""), first);
        String last = numbered("/v1/ticket?page=1", 1, 20, 40);
        assertFalse(last.contains("rel=\"next\""), last);
        assertTrue(last.contains("</v1/ticket?page=0&size=20>; rel=\"prev\""), last);
        assertTrue(last.contains("</v1/ticket?page=1&size=20>; rel=\"last\""), last);
    }

    @Test
    void anEmptyListHasOnePageAndAPagePastTheEndPointsBackToTheLast() {
        assertEquals("</v1/x?page=0&size=20>; rel=\"first\", </v1/x?page=0&size=20>; rel=\"last\"", numbered("/v1/x", 0, 20, 0));
        String past = numbered("/v1/x?page=9", 9, 20, 30);
        assertTrue(past.contains("</v1/x?page=1&size=20>; rel=\"prev\""), past);
        assertFalse(past.contains("rel=\"next\""), past);
    }

    @Test
    void noLinkGoesPastTheHighestPageARouteTakes() {
        String links = numbered("/v1/x", Paged.MAX_PAGE, 1, 1_000_000);
        assertFalse(links.contains("rel=\"next\""), links);
        assertTrue(links.contains("page=" + Paged.MAX_PAGE + "&size=1>; rel=\"last\""), links);
    }

    @Test
    void aListOfUnknownLengthHasANextPageWhileThisOneIsFull() {
        assertEquals("</v1/admin/audit?type=LOGIN&page=0&size=50>; rel=\"first\", </v1/admin/audit?type=LOGIN&page=2&size=50>; rel=\"prev\", "
                + "</v1/admin/audit?type=LOGIN&page=4&size=50>; rel=\"next\"",
                PageLinks.of(URI.create("/v1/admin/audit?type=LOGIN&page=3")).numbered(3, 50, true));
        assertEquals("</v1/admin/audit?page=0&size=50>; rel=\"first\"", PageLinks.of(URI.create("/v1/admin/audit")).numbered(0, 50, false));
    }

    @Test
    void aCursorLinkReplacesOrDropsItsParameters() {
        Map<String, Object> newest = new LinkedHashMap<>();
        newest.put("before", null);
        String links = PageLinks.of(URI.create("/v1/chat/rooms/team:agents/messages?before=120&limit=50"))
                .add("prev", Map.of("before", 70)).add("last", newest).header();
        assertEquals("</v1/chat/rooms/team:agents/messages?limit=50&before=70>; rel=\"prev\", "
                + "</v1/chat/rooms/team:agents/messages?limit=50>; rel=\"last\"", links);
    }

    @Test
    void charactersAUriMayNotHoldAreEscapedSoNoLinkCanBreakTheHeader() {
        assertEquals("/v1/x?q=%3E;%20rel=%22next%22%3C&q=%25zz&q=%C3%A9%F0%9F%98%80&q=%41",
                PageLinks.escape("/v1/x?q=>; rel=\"next\"<&q=%zz&q=é😀&q=%41"));
        String links = PageLinks.of(URI.create("/v1/x?q=%3E,%20%3Chttp://evil.example%3E&page=1")).numbered(1, 10, 100);
        assertTrue(links.startsWith("</v1/x?q=%3E,%20%3Chttp://evil.example%3E&page=0&size=10>; rel=\"first\""), links);
    }
}
