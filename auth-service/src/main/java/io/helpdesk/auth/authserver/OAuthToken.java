package io.helpdesk.auth.authserver;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** RFC 6749 section 5.1 access token response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "OAuthToken", description = "RFC 6749 access token response")
public record OAuthToken(
        @Schema(description = "The access token, an RS256 JWT") String access_token,
        @Schema(description = "Always Bearer", enumeration = "Bearer") String token_type,
        @Schema(description = "Seconds until the access token expires") long expires_in,
        @Schema(nullable = true, description = "The single-use refresh token of the session (password and"
                + " refresh_token grants); absent for client_credentials") String refresh_token) {
}
