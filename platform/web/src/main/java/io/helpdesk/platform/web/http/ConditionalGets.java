package io.helpdesk.platform.web.http;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * A GET (or HEAD) whose answer carries an ETag that the request's {@code If-None-Match} names is
 * answered {@code 304 Not Modified}, with that ETag and the other headers and no body (RFC 9110
 * section 13.1.2): the weak comparison, {@code *} for any, and a list of tags. Only 200 answers are
 * turned: an error or a redirect goes out as it is. Every GET answer with an ETag says
 * {@code Vary: Authorization} and, unless the route chose otherwise, {@code Cache-Control: private,
 * no-cache}: a browser shared by two people never shows one the other's copy.
 */
@Provider
public class ConditionalGets implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() != 200
                || !(HttpMethod.GET.equals(request.getMethod()) || HttpMethod.HEAD.equals(request.getMethod()))) {
            return;
        }
        EntityTag current;
        try {
            current = response.getEntityTag();
        } catch (IllegalArgumentException notAnEntityTag) {
            return;
        }
        if (current == null) {
            return;
        }
        // What a caller sees depends on who asks (a customer sees no internal notes): a cache keeps one
        // copy per caller, and asks again before using it.
        response.getHeaders().putSingle(HttpHeaders.VARY, HttpHeaders.AUTHORIZATION);
        if (!response.getHeaders().containsKey(HttpHeaders.CACHE_CONTROL)) {
            response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "private, no-cache");
        }
        String ifNoneMatch = request.getHeaderString(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch == null || !matches(ifNoneMatch, current.getValue())) {
            return;
        }
        response.setStatus(304);
        response.setEntity(null);
        response.getHeaders().remove(HttpHeaders.CONTENT_TYPE);
        response.getHeaders().remove(HttpHeaders.CONTENT_LENGTH);
    }

    /**
     * Whether an {@code If-None-Match} value names this opaque tag, comparing weakly ({@code W/"3"} and
     * {@code "3"} are the same). A value that is not a list of entity tags names none; a bare token
     * ({@code 3}) is read as the tag it forgot to quote.
     */
    static boolean matches(String ifNoneMatch, String opaque) {
        if (ifNoneMatch.strip().equals("*")) {
            return true;
        }
        List<String> tags = tags(ifNoneMatch);
        return tags != null && tags.contains(opaque);
    }

    /** The opaque tags of a list of entity tags, or null when it is not one. */
    static List<String> tags(String value) {
        List<String> tags = new ArrayList<>();
        int i = 0;
        int n = value.length();
        while (i < n) {
            char c = value.charAt(i);
            if (c == ',' || c == ' ' || c == '\t') {
                i++;
                continue;
            }
            if (value.startsWith("W/", i)) {
                i += 2;
                if (i >= n || value.charAt(i) != '"') {
                    return null;
                }
            }
            if (value.charAt(i) == '"') {
                int end = value.indexOf('"', i + 1);
                if (end < 0) {
                    return null;
                }
                tags.add(value.substring(i + 1, end));
                i = end + 1;
            } else {
                int end = value.indexOf(',', i);
                end = end < 0 ? n : end;
                tags.add(value.substring(i, end).strip());
                i = end;
            }
        }
        return tags;
    }
}
