package io.helpdesk.auth.authserver;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The error body RFC 6749 (section 5.2) prescribes for the token, revocation and introspection endpoints,
 * as {@code application/json}. It carries the RFC 9457 members too, so a client that reads problems
 * everywhere else reads these the same way.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "OAuthError", description = "RFC 6749 error response (with the RFC 9457 problem members)")
public record OAuthError(
        @Schema(description = "The RFC 6749 error code", enumeration = { "invalid_request", "invalid_client",
                "invalid_grant", "unauthorized_client", "unsupported_grant_type" }) String error,
        @Schema(description = "What went wrong, for the developer") String error_description,
        @Schema(description = "Problem type URI: about:blank") String type,
        @Schema(description = "The error code again, as the problem title") String title,
        @Schema(description = "HTTP status code") int status,
        @Schema(description = "The error description again, as the problem detail") String detail) {

    static OAuthError of(String error, String description, int status) {
        return new OAuthError(error, description, "about:blank", error, status, description);
    }
}
