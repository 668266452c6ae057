package io.helpdesk.auth.session;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "TokenResponse", description = "An access token and the refresh token of its session",
        requiredProperties = { "accessToken", "refreshToken", "tokenType", "expiresIn", "refreshExpiresIn" })
public record TokenResponse(String accessToken, String refreshToken,
        @Schema(enumeration = "Bearer") String tokenType,
        @Schema(description = "Seconds the access token is valid") long expiresIn,
        @Schema(description = "Seconds the refresh token is valid") long refreshExpiresIn) {

    public static TokenResponse of(TokenPair pair) {
        return new TokenResponse(pair.accessToken(), pair.refreshToken(), "Bearer", pair.expiresIn(),
                pair.refreshExpiresIn());
    }
}
