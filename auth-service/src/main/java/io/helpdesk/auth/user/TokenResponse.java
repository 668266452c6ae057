package io.helpdesk.auth.user;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.helpdesk.auth.session.SessionService;

@Schema(name = "TokenResponse")
public record TokenResponse(String accessToken, String refreshToken, String tokenType, long expiresIn,
        long refreshExpiresIn) {

    public static TokenResponse of(SessionService.TokenPair pair) {
        return new TokenResponse(pair.accessToken(), pair.refreshToken(), "Bearer", pair.expiresIn(),
                pair.refreshExpiresIn());
    }
}
