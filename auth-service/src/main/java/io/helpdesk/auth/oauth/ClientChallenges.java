package io.helpdesk.auth.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.auth.config.AuthConfig;
import io.helpdesk.platform.web.problem.Problem;
import io.helpdesk.platform.web.problem.ProblemException;
import io.quarkus.oidc.runtime.TenantConfigBean;
import io.quarkus.oidc.runtime.TenantConfigContext;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;

/**
 * Binds a sign-in's one-time code to the client that started the sign-in, as PKCE binds a provider's
 * code: the start carries {@code code_challenge = base64url(SHA-256(verifier))}, kept across the
 * provider's round trip in an HttpOnly cookie named for the sign-in's {@code state} and scoped to
 * {@code /v1/user/oauth}; the code issued on the callback is stored with it, and only the verifier
 * redeems the code. A code that reaches another client (a link an attacker sends) is worthless there.
 */
@ApplicationScoped
public class ClientChallenges {

    /** The query parameters of the start. */
    public static final String CHALLENGE = "code_challenge";
    public static final String METHOD = "code_challenge_method";

    static final String COOKIE = "helpdesk_oauth_challenge_";
    static final String COOKIE_PATH = "/v1/user/oauth";

    private static final Pattern S256 = Pattern.compile("^[A-Za-z0-9_-]{43}$");
    private static final Pattern STATE = Pattern.compile("^[A-Za-z0-9_-]{1,128}$");
    private static final Duration DEFAULT_AGE = Duration.ofMinutes(5);

    private final TenantConfigBean tenants;
    private final boolean secure;

    public ClientChallenges(TenantConfigBean tenants, AuthConfig config) {
        this.tenants = tenants;
        this.secure = config.publicUrl().startsWith("https:");
    }

    /** The start's challenge; a 400 problem naming the parameter when it is missing or malformed. */
    public String requested(RoutingContext routing) {
        String method = routing.request().getParam(METHOD);
        if (method != null && !"S256".equals(method)) {
            throw invalid(METHOD, "must be S256");
        }
        String challenge = routing.request().getParam(CHALLENGE);
        if (challenge == null || challenge.isEmpty()) {
            throw invalid(CHALLENGE, "is required: base64url(SHA-256(code verifier)), without padding");
        }
        if (!S256.matcher(challenge).matches()) {
            throw invalid(CHALLENGE, "must be base64url(SHA-256(code verifier)): 43 characters of A-Z, a-z, 0-9, - and _");
        }
        return challenge;
    }

    /** Keeps the challenge for the sign-in that the provider will send back with this {@code state}. */
    public void keep(RoutingContext routing, String provider, String state, String challenge) {
        if (state == null || !STATE.matcher(state).matches()) {
            throw new IllegalStateException("The code flow's redirect carries no usable state");
        }
        TenantConfigContext tenant = tenants.getStaticTenant(provider);
        Duration age = tenant == null || tenant.oidcConfig() == null ? DEFAULT_AGE
                : tenant.oidcConfig().authentication().stateCookieAge();
        routing.response().addCookie(cookie(routing, state, challenge).setMaxAge(age.toSeconds()));
    }

    /**
     * The challenge the callback's sign-in started with, its cookie expired in the same response; empty
     * when this browser holds none for that {@code state} (started elsewhere, or too long ago).
     */
    public Optional<String> take(RoutingContext routing) {
        String state = routing.request().getParam("state");
        if (state == null || !STATE.matcher(state).matches()) {
            return Optional.empty();
        }
        Cookie kept = routing.request().getCookie(COOKIE + state);
        routing.response().addCookie(cookie(routing, state, "").setMaxAge(0));
        return Optional.ofNullable(kept).map(Cookie::getValue).filter(value -> S256.matcher(value).matches());
    }

    /** True when {@code verifier} hashes to {@code challenge} (S256). */
    public static boolean proves(String verifier, String challenge) {
        if (verifier == null || challenge == null) {
            return false;
        }
        return MessageDigest.isEqual(s256(verifier).getBytes(StandardCharsets.US_ASCII),
                challenge.getBytes(StandardCharsets.US_ASCII));
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Cookie cookie(RoutingContext routing, String state, String value) {
        return Cookie.cookie(COOKIE + state, value).setPath(COOKIE_PATH).setHttpOnly(true)
                .setSecure(secure || routing.request().isSSL())
                .setSameSite(CookieSameSite.LAX);
    }

    private static ProblemException invalid(String field, String detail) {
        return new ProblemException(400, Problem.BLANK, null,
                "Start the sign-in with the client's PKCE challenge: ?" + CHALLENGE + "=<base64url(SHA-256(verifier))>.",
                List.of(new Problem.FieldError(field, detail)), null);
    }
}
