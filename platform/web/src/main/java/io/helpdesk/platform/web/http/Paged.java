package io.helpdesk.platform.web.http;

/**
 * An answer that is one page of a numbered list ({@code ?page=0&size=20}, pages counted from 0): a
 * 200 answer of this type gets RFC 8288 {@code Link} headers to its first, previous, next and last
 * pages from {@link PageLinkHeaders}. A page record implements it with its own accessors.
 */
public interface Paged {

    /** The highest page number a list route takes ({@code @Max} on its {@code page} parameter). */
    int MAX_PAGE = 10_000;

    /** This page's number, from 0. */
    int page();

    /** The most items a page holds. */
    int size();

    /** Items in the whole list. */
    long total();
}
