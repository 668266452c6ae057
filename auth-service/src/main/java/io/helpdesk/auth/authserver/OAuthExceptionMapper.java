package io.helpdesk.auth.authserver;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Answers an {@link OAuthException} as RFC 6749 wants it: JSON, never cached, a challenge on 401. */
public class OAuthExceptionMapper {

    /** The challenge of a failed client authentication (RFC 6749 section 5.2). */
    static final String CHALLENGE = "Basic realm=\"helpdesk\", charset=\"UTF-8\"";

    @ServerExceptionMapper
    public Response map(OAuthException e) {
        Response.ResponseBuilder response = Response.status(e.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(OAuthError.of(e.error(), e.getMessage(), e.status()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Pragma", "no-cache");
        if (e.status() == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
        }
        if (e.retryAfter() != null) {
            response.header(HttpHeaders.RETRY_AFTER, Math.max(1, e.retryAfter().toSeconds()));
        }
        return response.build();
    }
}
