package io.helpdesk.auth.session;

/** An access token and the refresh token of its session, with their lifetimes in seconds. */
public record TokenPair(String accessToken, String refreshToken, long expiresIn, long refreshExpiresIn) {
}
