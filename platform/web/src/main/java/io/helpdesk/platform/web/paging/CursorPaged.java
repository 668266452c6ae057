package io.helpdesk.platform.web.paging;

/**
 * An answer that is one page of a list paged by cursor ({@code ?cursor=…&size=20}): a 200 answer of
 * this type gets an RFC 8288 {@code Link} header to its first page and, unless it is the last, to the
 * next one (from {@link io.helpdesk.platform.web.http.PageLinkHeaders}). A page record implements it
 * with its own accessor; see {@link Keyset}.
 */
public interface CursorPaged {

    /** For the OpenAPI {@code @Header} of a list route paged by cursor. */
    String LINKS = "RFC 8288 links: rel=\"first\" (this request without its cursor) and, unless this is the last"
            + " page, rel=\"next\" (this request with the cursor of the next page)";

    /** For the OpenAPI description of a page's {@code next}. */
    String NEXT = "The cursor of the next page, for ?cursor=; null on the last page";

    /** The cursor of the next page; null on the last. */
    String next();
}
