package io.helpdesk.auth.session;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "TokenResponse")
public record TokenResponse(String accessToken, String refreshToken, String tokenType, long expiresIn,
        long refreshExpiresIn) {

    public static TokenResponse of(TokenPair pair) {
        return new TokenResponse(pair.accessToken(), pair.refreshToken(), "Bearer", pair.expiresIn(),
                pair.refreshExpiresIn());
    }
}
