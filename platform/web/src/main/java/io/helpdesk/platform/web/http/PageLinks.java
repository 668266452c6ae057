package io.helpdesk.platform.web.http;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 8288 {@code Link} header values for the pages of a list: each link is the request's own path
 * and query (root-relative, so right behind any proxy), every parameter kept except those the link
 * replaces. {@code </v1/ticket?status=OPEN&size=20>; rel="first", </v1/ticket?status=OPEN&size=20&cursor=…>; rel="next"}.
 */
public final class PageLinks {

    public static final String HEADER = "Link";

    private final String path;
    private final List<String[]> query = new ArrayList<>();
    private final StringBuilder links = new StringBuilder();

    private PageLinks(String path, String rawQuery) {
        this.path = path == null || path.isEmpty() ? "/" : escape(path);
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                if (!pair.isEmpty()) {
                    int equals = pair.indexOf('=');
                    query.add(new String[] { name(equals < 0 ? pair : pair.substring(0, equals)), escape(pair) });
                }
            }
        }
    }

    /** Links relative to the request at this URI. */
    public static PageLinks of(URI request) {
        return new PageLinks(request.getRawPath(), request.getRawQuery());
    }

    /**
     * Adds a link: this request with the given parameters in place of its own (a null value drops
     * the parameter), in the order given, after the parameters kept.
     */
    public PageLinks add(String rel, Map<String, ?> replaced) {
        StringBuilder target = new StringBuilder(path);
        char separator = '?';
        for (String[] pair : query) {
            if (!replaced.containsKey(pair[0])) {
                target.append(separator).append(pair[1]);
                separator = '&';
            }
        }
        for (Map.Entry<String, ?> parameter : replaced.entrySet()) {
            if (parameter.getValue() != null) {
                target.append(separator).append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(String.valueOf(parameter.getValue()), StandardCharsets.UTF_8));
                separator = '&';
            }
        }
        if (!links.isEmpty()) {
            links.append(", ");
        }
        links.append('<').append(target).append(">; rel=\"").append(rel).append('"');
        return this;
    }

    /** The header's value: every link added, in order; empty when none was. */
    public String header() {
        return links.toString();
    }

    /**
     * The links of a list paged by cursor: its first page (this request without {@code cursor}) and,
     * when {@code next} is not null, the next (this request with {@code cursor=next}).
     */
    public String cursor(String next) {
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("cursor", null);
        add("first", first);
        if (next != null) {
            add("next", Map.of("cursor", next));
        }
        return header();
    }

    private static String name(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return raw;
        }
    }

    /**
     * The text with every character a URI may not hold percent-encoded (as UTF-8), and a {@code %} that
     * starts no escape too: a request line may carry such characters, and a link must not (a {@code >}
     * would end it).
     */
    static String escape(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && hex(raw.charAt(i + 1)) && hex(raw.charAt(i + 2))) {
                out.append(c);
            } else if (c < 128 && c != '%' && (Character.isLetterOrDigit(c) || "-._~!$&'()*+,;=:@/?".indexOf(c) >= 0)) {
                out.append(c);
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < raw.length() ? i + 2 : i + 1;
                for (byte b : raw.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
                }
                i = end - 1;
            }
        }
        return out.toString();
    }

    private static boolean hex(char c) {
        return Character.digit(c, 16) >= 0 && c < 128;
    }
}
