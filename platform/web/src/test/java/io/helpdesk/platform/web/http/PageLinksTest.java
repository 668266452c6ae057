package io.helpdesk.platform.web.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PageLinksTest {

    @Test
    void aPageLinksToTheFirstAndTheNextKeepingTheOtherParameters() {
        assertEquals("</v1/ticket?status=OPEN&q=printer%20jam&size=20>; rel=\"first\", "
                + "</v1/ticket?status=OPEN&q=printer%20jam&size=20&cursor=AbC_-9>; rel=\"next\"",
                PageLinks.of(URI.create("http://localhost:8082/v1/ticket?status=OPEN&cursor=xyz&q=printer%20jam&size=20"))
                        .cursor("AbC_-9"));
    }

    @Test
    void theLastPageLinksOnlyToTheFirst() {
        assertEquals("</v1/ticket?size=5>; rel=\"first\"", PageLinks.of(URI.create("/v1/ticket?cursor=abc&size=5")).cursor(null));
        assertEquals("</v1/ticket>; rel=\"first\"", PageLinks.of(URI.create("/v1/ticket")).cursor(null));
    }

    @Test
    void aLinkReplacesOrDropsItsParameters() {
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
        String links = PageLinks.of(URI.create("/v1/x?q=%3E,%20%3Chttp://evil.example%3E&cursor=a")).cursor("b");
        assertTrue(links.startsWith("</v1/x?q=%3E,%20%3Chttp://evil.example%3E>; rel=\"first\""), links);
    }
}
