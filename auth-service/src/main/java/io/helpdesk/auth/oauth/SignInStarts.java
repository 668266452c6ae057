package io.helpdesk.auth.oauth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.helpdesk.auth.config.AuthConfig;
import io.helpdesk.platform.web.problem.ProblemException;
import io.vertx.core.http.HttpServerRequest;

/**
 * Who may start a sign-in from another site. A page of any site can send a browser to the start with a
 * challenge of its own; if the provider then asks nothing (consent given before), the browser comes back
 * with a code for its owner's account bound to that page's challenge, and the code sits in the front
 * end's address. So a start the browser marks as cross-site ({@code Sec-Fetch-Site: cross-site}) must come
 * from the front end: its {@code Origin} or {@code Referer} has the origin of the completion page
 * (AUTH_OAUTH_COMPLETION_URL) or one of the CORS origins ({@code quarkus.http.cors.origins}; a
 * {@code /regex/} entry as Quarkus reads it, {@code *} not at all). Same-site, same-origin and
 * user-typed starts ({@code none}) pass, and so do requests without the header: clients that are not
 * browsers, and browsers too old to send it.
 */
@ApplicationScoped
public class SignInStarts {

    /** The problem type of a start that another site's page set off. */
    public static final URI CROSS_SITE_START = URI.create("https://helpdesk.local/problems/cross-site-sign-in");

    static final String FETCH_SITE = "Sec-Fetch-Site";

    private final Set<String> origins = new HashSet<>();
    private final List<Pattern> patterns = new ArrayList<>();

    public SignInStarts(AuthConfig config,
            @ConfigProperty(name = "quarkus.http.cors.origins") Optional<List<String>> corsOrigins) {
        config.oauth().completionUrl().flatMap(SignInStarts::originOf).ifPresent(origins::add);
        for (String entry : corsOrigins.orElse(List.of())) {
            String value = entry.strip();
            if (value.length() > 2 && value.startsWith("/") && value.endsWith("/")) {
                patterns.add(Pattern.compile(value.substring(1, value.length() - 1)));
            } else if (!value.isEmpty() && !"*".equals(value)) {
                originOf(value).ifPresent(origins::add);
            }
        }
    }

    /** Refuses (403 problem) a start that another site's page set off; returns quietly otherwise. */
    public void check(HttpServerRequest request) {
        if (!"cross-site".equalsIgnoreCase(strip(request.getHeader(FETCH_SITE)))) {
            return;
        }
        if (allowed(request.getHeader("Origin")) || allowed(request.getHeader("Referer"))) {
            return;
        }
        throw new ProblemException(403, CROSS_SITE_START, "Sign-in started from another site",
                "This sign-in was started by a page of another site. Start it again from the Helpdesk application.",
                List.of(), null);
    }

    private boolean allowed(String url) {
        Optional<String> origin = originOf(url);
        return origin.isPresent()
                && (origins.contains(origin.get()) || patterns.stream().anyMatch(p -> p.matcher(origin.get()).matches()));
    }

    /** {@code scheme://host[:port]} of an absolute http(s) URL, lower case, without a default port. */
    static Optional<String> originOf(String url) {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost();
            if (host == null || !("http".equals(scheme) || "https".equals(scheme)) || uri.getRawUserInfo() != null) {
                return Optional.empty();
            }
            int port = uri.getPort();
            boolean standard = port == -1 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
            return Optional.of(scheme + "://" + host.toLowerCase(Locale.ROOT) + (standard ? "" : ":" + port));
        } catch (URISyntaxException malformed) {
            return Optional.empty();
        }
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }
}
