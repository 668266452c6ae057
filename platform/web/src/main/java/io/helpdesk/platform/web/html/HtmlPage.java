package io.helpdesk.platform.web.html;

/**
 * The plain pages a service answers a link from a mail with (unsubscribe, accept an invitation): a
 * title and a body of markup, no script and no style, so they fit the services' strict
 * Content-Security-Policy. Every value that comes from a request or a store goes through
 * {@link #escape} before it is put into the markup.
 */
public final class HtmlPage {

    private HtmlPage() {
    }

    /** A whole page: the title (escaped here) and a body of markup the caller built with escaped values. */
    public static String of(String title, String bodyMarkup) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title></head><body><h1>" + escape(title) + "</h1>" + bodyMarkup + "</body></html>";
    }

    /** The text as it may stand in an element or a quoted attribute. */
    public static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
