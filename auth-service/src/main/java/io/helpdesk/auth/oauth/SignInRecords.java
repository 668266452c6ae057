package io.helpdesk.auth.oauth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The bodies of the provider sign-in routes. */
public final class SignInRecords {

    private SignInRecords() {
    }

    @Schema(name = "SignInProvider")
    public record ProviderView(
            @Schema(description = "The provider's name, the last segment of its route", example = "github") String id,
            @Schema(description = "The provider's route. Not a start by itself: without the client's code_challenge it"
                    + " answers 400; see start", example = "https://auth.example.com/v1/user/oauth/github") String url,
            @Schema(description = "How a browser starts the sign-in: an RFC 6570 URI template of the route with the"
                    + " client's PKCE code_challenge (base64url(SHA-256(verifier))) and, optionally,"
                    + " code_challenge_method=S256; expanded, a 302 to the provider",
                    example = "https://auth.example.com/v1/user/oauth/github{?code_challenge,code_challenge_method}")
            String start) {

        /** The query a start adds to the route, as an RFC 6570 form-style query expansion. */
        static final String START_PARAMETERS = "{?" + ClientChallenges.CHALLENGE + "," + ClientChallenges.METHOD + "}";
    }

    @Schema(name = "SignInCode", description = "A one-time code to exchange for the token pair at POST /v1/user/oauth/exchange")
    public record SignInCode(String code, long expiresIn) {
    }

    @Schema(name = "SignInExchangeRequest")
    public record ExchangeRequest(
            @Schema(description = "The one-time code of the callback") @NotBlank @Size(max = 100) String code,
            @Schema(description = "The PKCE code verifier (RFC 7636: 43 to 128 characters of A-Z, a-z, 0-9, '-', '.',"
                    + " '_', '~') whose base64url(SHA-256) the client sent as code_challenge to start the sign-in")
            @NotBlank @Pattern(regexp = VERIFIER, message = "must be 43 to 128 characters of A-Z, a-z, 0-9, '-', '.', '_', '~'")
            String codeVerifier) {
    }

    static final String VERIFIER = "^[A-Za-z0-9._~-]{43,128}$";
}
