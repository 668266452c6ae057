package io.helpdesk.auth.authserver;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The form of the token endpoint, for the API description (the route reads the form itself). */
@Schema(name = "TokenRequest", description = "RFC 6749 token request, application/x-www-form-urlencoded")
public record TokenForm(
        @Schema(required = true, enumeration = { "password", "refresh_token", "client_credentials" }) String grant_type,
        @Schema(description = "password grant: the account's email", maxLength = 254) String username,
        @Schema(description = "password grant: the account's password", maxLength = 128) String password,
        @Schema(description = "refresh_token grant: the session's current refresh token") String refresh_token,
        @Schema(description = "A registered client's id (client_secret_post), or a public client's") String client_id,
        @Schema(description = "A registered client's secret (client_secret_post); or use HTTP Basic") String client_secret,
        @Schema(description = "Accepted and ignored: tokens carry the account's role, not scopes") String scope) {
}
