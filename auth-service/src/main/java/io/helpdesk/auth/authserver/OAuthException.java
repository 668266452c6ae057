package io.helpdesk.auth.authserver;

import java.time.Duration;

/** An RFC 6749 error of the OAuth endpoints: its code, what went wrong, the status it is answered with. */
public class OAuthException extends RuntimeException {

    public static final String INVALID_REQUEST = "invalid_request";
    public static final String INVALID_CLIENT = "invalid_client";
    public static final String INVALID_GRANT = "invalid_grant";
    public static final String UNAUTHORIZED_CLIENT = "unauthorized_client";
    public static final String UNSUPPORTED_GRANT_TYPE = "unsupported_grant_type";

    private final String error;
    private final int status;
    private final Duration retryAfter;

    OAuthException(String error, String description, int status, Duration retryAfter) {
        super(description, null, false, false);
        this.error = error;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    static OAuthException invalidRequest(String description) {
        return new OAuthException(INVALID_REQUEST, description, 400, null);
    }

    /** Client authentication failed: 401 with a {@code WWW-Authenticate} challenge. */
    static OAuthException invalidClient(String description) {
        return new OAuthException(INVALID_CLIENT, description, 401, null);
    }

    static OAuthException invalidGrant(String description) {
        return new OAuthException(INVALID_GRANT, description, 400, null);
    }

    static OAuthException unauthorizedClient(String description) {
        return new OAuthException(UNAUTHORIZED_CLIENT, description, 400, null);
    }

    static OAuthException unsupportedGrantType(String description) {
        return new OAuthException(UNSUPPORTED_GRANT_TYPE, description, 400, null);
    }

    /** Too many attempts: 429 with {@code Retry-After}, as the JSON login answers them. */
    static OAuthException throttled(String description, Duration retryAfter) {
        return new OAuthException(INVALID_GRANT, description, 429, retryAfter);
    }

    public String error() {
        return error;
    }

    public int status() {
        return status;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
