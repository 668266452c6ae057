package io.helpdesk.auth.authserver;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of a form-encoded OAuth request, read as RFC 6749 section 3.2 says: a parameter
 * sent without a value counts as omitted, and one sent twice makes the request invalid.
 */
final class FormParameters {

    /** Longer than any value a client sends here; a longer one is refused before any work. */
    private static final int MAX_LENGTH = 4096;

    private final Map<String, List<String>> form;

    private FormParameters(Map<String, List<String>> form) {
        this.form = form;
    }

    /** Reads an application/x-www-form-urlencoded body (UTF-8); a malformed one is an invalid request. */
    static FormParameters parse(String body) {
        Map<String, List<String>> form = new HashMap<>();
        if (body != null && !body.isEmpty()) {
            for (String pair : body.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                form.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
        }
        return new FormParameters(form);
    }

    private static String decode(String encoded) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidRequest("The form is not application/x-www-form-urlencoded.");
        }
    }

    /** The value of a parameter, or null when it is absent or empty. */
    String optional(String name) {
        List<String> values = form.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw OAuthException.invalidRequest(name + " must not be sent more than once.");
        }
        String value = values.get(0);
        if (value != null && value.length() > MAX_LENGTH) {
            throw OAuthException.invalidRequest(name + " is too long.");
        }
        return value == null || value.isEmpty() ? null : value;
    }

    /** The value of a parameter the request cannot do without. */
    String required(String name) {
        String value = optional(name);
        if (value == null) {
            throw OAuthException.invalidRequest(name + " is required.");
        }
        return value;
    }
}
