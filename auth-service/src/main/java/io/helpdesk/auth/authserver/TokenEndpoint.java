package io.helpdesk.auth.authserver;

import java.util.List;

import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.helpdesk.auth.audit.AuditLog;
import io.helpdesk.auth.config.AuthConfig;
import io.helpdesk.auth.session.LoginRequest;
import io.helpdesk.auth.session.SessionService;
import io.helpdesk.auth.session.TokenPair;
import io.helpdesk.auth.token.TokenIssuer;
import io.helpdesk.auth.user.User;
import io.helpdesk.auth.user.UserService;
import io.helpdesk.platform.web.ClientAddress;
import io.helpdesk.platform.web.problem.ProblemException;
import io.vertx.core.http.HttpServerRequest;

/**
 * The RFC 6749 token endpoint: the password grant (the checks, limits, lockouts and audit of
 * {@code POST /v1/user/login}), the refresh_token grant (the rotation and theft detection of
 * {@code POST /v1/tokens/refresh}) and the client_credentials grant for services.
 */
@Path("/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "OAuth 2.0", description = "Token endpoint (RFC 6749), revocation (RFC 7009), introspection (RFC 7662)")
public class TokenEndpoint {

    static final String FORM = MediaType.APPLICATION_FORM_URLENCODED;

    private final ClientAuthentication clients;
    private final UserService users;
    private final SessionService sessions;
    private final TokenIssuer issuer;
    private final AuthConfig config;
    private final AuditLog audit;
    private final Validator validator;

    public TokenEndpoint(ClientAuthentication clients, UserService users, SessionService sessions, TokenIssuer issuer,
            AuthConfig config, AuditLog audit, Validator validator) {
        this.validator = validator;
        this.clients = clients;
        this.users = users;
        this.sessions = sessions;
        this.issuer = issuer;
        this.config = config;
        this.audit = audit;
    }

    @POST
    @Consumes(FORM)
    @Operation(summary = "Token endpoint (RFC 6749)",
            description = "grant_type=password (username = the account's email, password) and grant_type=refresh_token"
                    + " (refresh_token) for public clients: the first-party apps send no client secret (a client_id"
                    + " is optional); registered clients are services and may not use them. grant_type=client_credentials"
                    + " for a registered client, authenticated by HTTP Basic or client_id and client_secret in the form;"
                    + " it returns a short-lived token with the SERVICE role and no refresh token. A refresh token is"
                    + " single-use: presenting a retired one ends its whole session.")
    @RequestBody(required = true, content = @Content(mediaType = FORM, schema = @Schema(implementation = TokenForm.class)))
    @APIResponse(responseCode = "200", description = "The tokens",
            headers = { @Header(name = "Cache-Control", description = "no-store", schema = @Schema(type = SchemaType.STRING)) },
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthToken.class)))
    @APIResponse(responseCode = "400", description = "invalid_request, invalid_grant (wrong email or password, an"
            + " unverified address, a refresh token that is not current), unauthorized_client, unsupported_grant_type",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthError.class)))
    @APIResponse(responseCode = "401", description = "invalid_client: a registered client's authentication failed",
            headers = @Header(name = "WWW-Authenticate", description = "The Basic challenge", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthError.class)))
    @APIResponse(responseCode = "429", description = "Too many login attempts from this address, or the account is locked",
            headers = @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthError.class)))
    public Response token(String form,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context HttpServerRequest http) {
        FormParameters parameters = FormParameters.parse(form);
        String grantType = parameters.required("grant_type");
        ClientAuthentication.Client client = clients.of(parameters, authorization);
        OAuthToken token = switch (grantType) {
            case "password" -> password(parameters, client, http);
            case "refresh_token" -> refresh(parameters, client);
            case "client_credentials" -> clientCredentials(client, http);
            default -> throw OAuthException.unsupportedGrantType("Supported grant types: password, refresh_token,"
                    + " client_credentials.");
        };
        return Response.ok(token).header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache").build();
    }

    private OAuthToken password(FormParameters parameters, ClientAuthentication.Client client, HttpServerRequest http) {
        publicOnly(client, "password");
        String username = parameters.required("username");
        String password = parameters.required("password");
        // The JSON login's rules, so that what it refuses as input never reaches the per-address limit here either.
        List<String> invalid = validator.validate(new LoginRequest(username, password)).stream()
                .map(violation -> (violation.getPropertyPath().toString().equals("email") ? "username" : "password")
                        + " " + violation.getMessage())
                .sorted().toList();
        if (!invalid.isEmpty()) {
            throw OAuthException.invalidRequest(String.join("; ", invalid) + ".");
        }
        String ip = ClientAddress.of(http);
        User user;
        try {
            user = users.authenticate(username, password, ip);
        } catch (ProblemException e) {
            throw asGrantError(e);
        }
        return of(sessions.open(user, http.getHeader(HttpHeaders.USER_AGENT), ip));
    }

    private OAuthToken refresh(FormParameters parameters, ClientAuthentication.Client client) {
        publicOnly(client, "refresh_token");
        String refreshToken = parameters.required("refresh_token");
        try {
            return of(sessions.refresh(refreshToken));
        } catch (ProblemException e) {
            throw asGrantError(e);
        }
    }

    private OAuthToken clientCredentials(ClientAuthentication.Client client, HttpServerRequest http) {
        if (!client.authenticated()) {
            throw OAuthException.invalidClient("client_credentials needs a registered client's credentials.");
        }
        TokenIssuer.AccessToken token = issuer.forService(client.id());
        audit.record(AuditLog.Type.SERVICE_TOKEN_ISSUED, null, null, null, ClientAddress.of(http), client.id());
        return new OAuthToken(token.token(), "Bearer", config.jwt().serviceTokenLifetime().toSeconds(), null);
    }

    /** Registered clients are services: a person's password or session is none of their business. */
    private static void publicOnly(ClientAuthentication.Client client, String grantType) {
        if (client.authenticated()) {
            throw OAuthException.unauthorizedClient("A registered client uses client_credentials, not " + grantType + ".");
        }
    }

    /** The login's and the rotation's refusals as RFC 6749 errors; a store that is down stays a 503 problem. */
    private static RuntimeException asGrantError(ProblemException e) {
        return switch (e.status()) {
            case 401, 403 -> OAuthException.invalidGrant(e.getMessage());
            case 429 -> OAuthException.throttled(e.getMessage(), e.retryAfter());
            default -> e;
        };
    }

    private static OAuthToken of(TokenPair pair) {
        return new OAuthToken(pair.accessToken(), "Bearer", pair.expiresIn(), pair.refreshToken());
    }
}
