package io.helpdesk.auth.authserver;


import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.helpdesk.auth.config.AuthConfig;
import io.helpdesk.auth.session.Session;
import io.helpdesk.auth.session.SessionService;
import io.helpdesk.auth.user.User;
import io.helpdesk.auth.user.UserRepository;
import io.helpdesk.platform.security.Caller;
import io.helpdesk.platform.security.TokenVerifier;

/**
 * RFC 7662 token introspection for resource servers, so they can be logout-aware: a token is active only
 * while every Helpdesk service would accept it (signature, issuer, audience, expiry and the revocation
 * lines of {@code platform/security}). Only registered clients may ask.
 */
@Path("/v1/tokens/introspect")
@Tag(name = "OAuth 2.0")
public class IntrospectionEndpoint {

    /** The form of the introspection endpoint, for the API description. */
    @Schema(name = "IntrospectionRequest", description = "RFC 7662 introspection request, application/x-www-form-urlencoded")
    public record IntrospectionForm(
            @Schema(required = true, description = "An access or a refresh token") String token,
            @Schema(description = "Where to look first: access_token or refresh_token; both kinds are tried, and"
                    + " a hint this server does not know is ignored (RFC 7009 section 2.1)") String token_type_hint,
            @Schema(description = "The registered client's id (client_secret_post); or use HTTP Basic") String client_id,
            @Schema(description = "The registered client's secret (client_secret_post)") String client_secret) {
    }

    /** RFC 7662 section 2.2: only {@code active} for a token that is not; the rest for one that is. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Introspection", description = "RFC 7662 introspection response")
    public record Introspection(
            @Schema(required = true, description = "Whether every service would accept the token now") boolean active,
            @Schema(nullable = true, enumeration = { "Bearer", "refresh_token" },
                    description = "Bearer for an access token, refresh_token for a refresh token") String token_type,
            @Schema(nullable = true, description = "The user id, or service:<client> for a service token") String sub,
            @Schema(nullable = true, description = "The account's email (user tokens)") String username,
            @Schema(nullable = true, description = "The service client (client_credentials tokens)") String client_id,
            @Schema(nullable = true, enumeration = { "CUSTOMER", "AGENT", "ADMIN", "SERVICE" }) String role,
            @Schema(nullable = true, description = "Expiry, seconds since the epoch") Long exp,
            @Schema(nullable = true, description = "Issue time, seconds since the epoch") Long iat,
            @Schema(nullable = true) String iss,
            @Schema(nullable = true) String aud,
            @Schema(nullable = true, description = "The access token's id") String jti,
            @Schema(nullable = true, description = "The session the token belongs to") String sid) {

        static final Introspection INACTIVE = new Introspection(false, null, null, null, null, null, null, null, null,
                null, null, null);
    }

    /** The subject of a client-credentials token: {@code service:<client-id>}. */
    private static final String SERVICE_SUBJECT = "service:";

    private final ClientAuthentication clients;
    private final AccessTokens accessTokens;
    private final SessionService sessions;
    private final UserRepository users;
    private final AuthConfig config;

    public IntrospectionEndpoint(ClientAuthentication clients, AccessTokens accessTokens, SessionService sessions,
            UserRepository users, AuthConfig config) {
        this.clients = clients;
        this.accessTokens = accessTokens;
        this.sessions = sessions;
        this.users = users;
        this.config = config;
    }

    @POST
    @Consumes(TokenEndpoint.FORM)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Introspect a token (RFC 7662)",
            description = "For registered clients (HTTP Basic or client_id and client_secret in the form): whether a"
                    + " token is active now, and whose it is. {\"active\":false} for a token that is expired, forged,"
                    + " another issuer's, revoked (itself, its session, or everything of its user before a password"
                    + " reset, role change or deactivation), or not a token at all.")
    @RequestBody(required = true, content = @Content(mediaType = TokenEndpoint.FORM,
            schema = @Schema(implementation = IntrospectionForm.class)))
    @APIResponse(responseCode = "200", description = "The token's state",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Introspection.class)))
    @APIResponse(responseCode = "400", description = "invalid_request: no token, or a parameter sent twice",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthError.class)))
    @APIResponse(responseCode = "401", description = "invalid_client: no registered client's credentials, or wrong ones",
            headers = @Header(name = "WWW-Authenticate", description = "The Basic challenge", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthError.class)))
    public Response introspect(String form,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        FormParameters parameters = FormParameters.parse(form);
        if (!clients.of(parameters, authorization).authenticated()) {
            throw OAuthException.invalidClient("Introspection is for registered clients: authenticate.");
        }
        String token = parameters.required("token");
        parameters.optional("token_type_hint");
        Introspection answer = accessTokens.live(token).map(this::ofAccessToken)
                .or(() -> sessions.ofRefreshToken(token).flatMap(this::ofRefreshToken))
                .orElse(Introspection.INACTIVE);
        return Response.ok(answer).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    /** The issuer and audience are the ones the verifier checked the token against. */
    private Introspection ofAccessToken(TokenVerifier.Verified token) {
        Caller caller = token.caller();
        boolean service = caller.service() && caller.id().startsWith(SERVICE_SUBJECT);
        return new Introspection(true, "Bearer", caller.id(), service ? null : caller.email(),
                service ? caller.id().substring(SERVICE_SUBJECT.length()) : null, caller.role(), token.expiresAt(),
                token.issuedAt(), config.jwt().issuer(), config.jwt().audience(), token.tokenId(), caller.sessionId());
    }

    private java.util.Optional<Introspection> ofRefreshToken(Session session) {
        return users.findByIdOptional(session.userId).filter(User::active)
                .map(user -> new Introspection(true, "refresh_token", user.id, user.email, null, user.role,
                        session.expiresAt.getEpochSecond(), session.lastUsedAt.getEpochSecond(), config.jwt().issuer(),
                        null, null, session.id));
    }
}
