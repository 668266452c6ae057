package io.helpdesk.auth.oauth;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameters;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.helpdesk.auth.config.AuthConfig;
import io.helpdesk.auth.oauth.SignInProviders.SignInProvider;
import io.helpdesk.auth.oauth.SignInRecords.ExchangeRequest;
import io.helpdesk.auth.oauth.SignInRecords.ProviderView;
import io.helpdesk.auth.oauth.SignInRecords.SignInCode;
import io.helpdesk.auth.session.TokenResponse;
import io.helpdesk.auth.user.User;
import io.helpdesk.platform.web.ClientAddress;
import io.helpdesk.platform.web.html.HtmlPage;
import io.helpdesk.platform.web.problem.Problem;
import io.helpdesk.platform.web.problem.ProblemException;
import io.helpdesk.platform.web.problem.ProblemResponses;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.quarkus.oidc.AuthorizationCodeFlow;
import io.quarkus.security.Authenticated;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticator;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Sign-in with GitHub or an OpenID Connect provider. {@code GET /v1/user/oauth/<provider>} is both the
 * start (Quarkus's code flow answers 302 to the provider, with {@code state} and PKCE) and the callback
 * the provider sends the browser back to; on the callback Quarkus exchanges the code and verifies what
 * it got, and this resource finds or creates the account and hands the browser a one-time code. The
 * client exchanges that code for the project's own token pair ({@code POST /v1/user/oauth/exchange}):
 * tokens never travel in a URL. The code is bound to the client that started the sign-in by its PKCE
 * challenge ({@link ClientChallenges}): only that client's verifier redeems it.
 */
@Path("/v1/user/oauth")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sign-in with a provider", description = "GitHub and OpenID Connect providers, ending in Helpdesk tokens")
public class ProviderSignInResource {

    private final SignInProviders providers;
    private final ProviderSignIn signIn;
    private final SignInCodes codes;
    private final ClientChallenges challenges;
    private final SignInStarts starts;
    private final ProviderAccounts accounts;
    private final ProviderSessions sessions;
    private final ProblemResponses problems;
    private final AuthConfig config;

    public ProviderSignInResource(SignInProviders providers, ProviderSignIn signIn, SignInCodes codes,
            ClientChallenges challenges, SignInStarts starts, ProviderAccounts accounts, ProviderSessions sessions,
            ProblemResponses problems, AuthConfig config) {
        this.providers = providers;
        this.signIn = signIn;
        this.codes = codes;
        this.challenges = challenges;
        this.starts = starts;
        this.accounts = accounts;
        this.sessions = sessions;
        this.problems = problems;
        this.config = config;
    }

    @GET
    @Operation(operationId = "listSignInProviders",
            summary = "The sign-in providers offered", description = "Each configured provider, its route (url) and how"
            + " a browser starts a sign-in there (start, an RFC 6570 URI template): the client makes a PKCE pair, expands"
            + " start with its code_challenge (and code_challenge_method=S256, or nothing) and sends the browser there."
            + " The url alone is no start: without a code_challenge it answers 400. Empty when no provider is configured.")
    @APIResponse(responseCode = "200", description = "The providers",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = ProviderView.class)))
    public List<ProviderView> list() {
        String base = config.publicUrl().replaceAll("/+$", "") + "/v1/user/oauth/";
        return providers.enabled().stream()
                .map(p -> new ProviderView(p.id(), base + p.id(), base + p.id() + ProviderView.START_PARAMETERS)).toList();
    }

    @GET
    @Path("/{provider}")
    @AuthorizationCodeFlow
    @Authenticated
    @Produces({ MediaType.APPLICATION_JSON, MediaType.TEXT_HTML })
    @Operation(operationId = "signInWithProvider", summary = "Sign in with a provider (start and callback)",
            description = "Opened by a browser with the client's PKCE challenge (?code_challenge=base64url(SHA-256(verifier)),"
                    + " the start template of GET /v1/user/oauth): 302 to the provider's authorization page, with a random"
                    + " state (kept in a short-lived cookie) and Quarkus's own PKCE S256 challenge; the client's challenge"
                    + " is kept in a short-lived HttpOnly cookie for this sign-in. The provider sends the browser back here with a code and the state, and the"
                    + " code is exchanged with the provider; then the account is found by its link to the provider's"
                    + " account, or linked by an email address the provider verified, or created as a CUSTOMER. The"
                    + " answer carries a one-time code, bound to the client's challenge, for POST /v1/user/oauth/exchange:"
                    + " a 302 to the configured front-end page (AUTH_OAUTH_COMPLETION_URL) with ?code=, or, when none is"
                    + " configured, the code as JSON. A start that a page of another site set off (Sec-Fetch-Site:"
                    + " cross-site) is refused unless its Origin or Referer is the front end's (the origin of"
                    + " AUTH_OAUTH_COMPLETION_URL or a CORS origin); requests without Sec-Fetch headers pass. Refusals"
                    + " are problems (an HTML page for browsers).")
    @Parameters({ @Parameter(name = ClientChallenges.CHALLENGE, in = ParameterIn.QUERY,
            description = "Required to start a sign-in (the provider's callback carries code and state instead):"
                    + " base64url(SHA-256(code verifier)) without padding, 43 characters. The verifier is presented at"
                    + " POST /v1/user/oauth/exchange.",
            schema = @Schema(type = SchemaType.STRING, pattern = "^[A-Za-z0-9_-]{43}$")),
            @Parameter(name = ClientChallenges.METHOD, in = ParameterIn.QUERY, description = "Optional; only S256",
                    schema = @Schema(type = SchemaType.STRING, enumeration = "S256")) })
    @APIResponse(responseCode = "302", description = "To the provider (start), or to the front-end page with ?code= (callback)",
            headers = @Header(name = "Location", description = "The provider's authorization URL, or the front-end page",
                    schema = @Schema(type = SchemaType.STRING, format = "uri")))
    @APIResponse(responseCode = "400", description = "A start without a well-formed code_challenge, or with a"
            + " code_challenge_method other than S256 (the field is named)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "200", description = "The one-time code (callback, no front-end page configured)",
            content = @Content(schema = @Schema(implementation = SignInCode.class)))
    @APIResponse(responseCode = "401", description = "A callback with a wrong, missing or used state, one whose sign-in"
            + " this browser did not start (no state or challenge cookie), a code the provider refused, or a provider"
            + " session presented again; start again",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "A start from another site's page"
            + " (https://helpdesk.local/problems/cross-site-sign-in), the provider has not verified the address"
            + " (https://helpdesk.local/problems/provider-email-unverified), or the account is disabled, deleted or"
            + " invited (https://helpdesk.local/problems/account-unavailable)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such provider is configured",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The provider's API did not answer; see Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response signIn(@PathParam("provider") String name, @Context RoutingContext routing,
            @Context HttpServerRequest http, @Context HttpHeaders headers, @Context UriInfo uri) {
        try {
            if (!Boolean.TRUE.equals(routing.get(CodeFlowCompletion.EXCHANGED_NOW))) {
                throw new ProblemException(401, "This sign-in is over. Start again at /v1/user/oauth/" + name + ".");
            }
            String challenge = challenges.take(routing).orElseThrow(() -> new ProblemException(401,
                    "This browser did not start this sign-in, or started it too long ago. Start again at /v1/user/oauth/"
                            + name + "."));
            SignInProvider provider = providers.find(name).orElseThrow();
            User user = signIn.account(accounts.signedIn(provider), ClientAddress.of(http));
            return handOver(codes.issue(user.id, provider.id(), challenge));
        } catch (ProblemException refused) {
            if (!prefersHtml(headers)) {
                throw refused;
            }
            return page(refused);
        } finally {
            // The provider's tokens were needed for this request only: no provider session outlives it.
            sessions.end(routing, name);
        }
    }

    @POST
    @Path("/exchange")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "exchangeSignInCode", summary = "Exchange a sign-in's one-time code for tokens",
            description = "The code from the callback, once, within its lifetime (AUTH_OAUTH_CODE_LIFETIME, 2 minutes),"
                    + " with the code verifier whose S256 hash the client sent as code_challenge when it started the"
                    + " sign-in: a new session and its access and refresh tokens, exactly as a password login gives them."
                    + " A well-formed verifier that does not match uses the code up; a missing or malformed one is refused"
                    + " before the code is looked up, and the code stays live.")
    @APIResponse(responseCode = "200", description = "Tokens",
            content = @Content(schema = @Schema(implementation = TokenResponse.class)))
    @APIResponse(responseCode = "400", description = "No code, or one that is unknown, used or expired (field code);"
            + " no or a malformed verifier, or one that does not match the sign-in's code_challenge (field codeVerifier)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The account was disabled or deleted meanwhile",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public TokenResponse exchange(@Valid @NotNull ExchangeRequest request, @Context HttpServerRequest http) {
        SignInCodes.SignedIn signedIn = codes.redeem(request.code()).orElseThrow(() -> new ProblemException(400,
                Problem.BLANK, null, "The code is unknown, used or expired; sign in again.",
                List.of(new Problem.FieldError("code", "is unknown, used or expired")), null));
        return TokenResponse.of(signIn.open(signedIn, request.codeVerifier(), http.getHeader(HttpHeaders.USER_AGENT),
                ClientAddress.of(http)));
    }

    /**
     * Not signed in with the provider yet: a start, which must not be set off by another site's page
     * ({@link SignInStarts}) and must carry the client's challenge; then Quarkus's
     * challenge, the 302 to the provider, and the client's challenge kept for the sign-in of its state. A
     * callback that gets here belongs to no sign-in this browser started (no state cookie): refused, it
     * starts nothing.
     */
    @ServerExceptionMapper
    public Uni<Response> challenge(UnauthorizedException e, RoutingContext routing, HttpHeaders headers) {
        HttpAuthenticator authenticator = routing.get(HttpAuthenticator.class.getName());
        Matcher route = ProviderTenants.ROUTE.matcher(routing.normalizedPath());
        if (authenticator == null || !route.matches() || routing.request().getParam("state") != null
                || routing.request().getParam("code") != null) {
            return Uni.createFrom().item(failed(routing));
        }
        String clientChallenge;
        try {
            starts.check(routing.request());
            clientChallenge = challenges.requested(routing);
        } catch (ProblemException bad) {
            return Uni.createFrom().item(prefersHtml(headers) ? page(bad) : problems.response(problems.problem(bad.status(),
                    bad.type(), bad.title(), bad.getMessage(), routing.normalizedPath(), bad.errors())));
        }
        return authenticator.getChallenge(routing).map(challenge -> {
            Response.ResponseBuilder builder = Response.status(challenge.status);
            String location = null;
            for (Map.Entry<CharSequence, String> header : challenge.getHeaders().entrySet()) {
                builder.header(header.getKey().toString(), header.getValue());
                if (HttpHeaders.LOCATION.equalsIgnoreCase(header.getKey().toString())) {
                    location = header.getValue();
                }
            }
            List<String> state = location == null ? null : new QueryStringDecoder(location).parameters().get("state");
            challenges.keep(routing, route.group(1), state == null || state.isEmpty() ? null : state.get(0), clientChallenge);
            return builder.build();
        }).onFailure().recoverWithItem(() -> failed(routing));
    }

    /** A callback Quarkus refused: wrong, missing or used state, a code the provider refused, a token that failed. */
    @ServerExceptionMapper({ AuthenticationCompletionException.class, AuthenticationFailedException.class })
    public Response refused(RuntimeException e, RoutingContext routing) {
        return failed(routing);
    }

    private Response failed(RoutingContext routing) {
        return problems.response(problems.problem(401, "The sign-in with the provider could not be completed; start again.",
                routing.normalizedPath()));
    }

    private Response handOver(String code) {
        long expiresIn = codes.lifetime().toSeconds();
        return config.oauth().completionUrl().filter(url -> !url.isBlank())
                .map(url -> Response.status(Response.Status.FOUND)
                        .location(URI.create(url + (url.contains("?") ? "&" : "?") + "code="
                                + URLEncoder.encode(code, StandardCharsets.UTF_8)))
                        .header(HttpHeaders.CACHE_CONTROL, "no-store").build())
                .orElseGet(() -> Response.ok(new SignInCode(code, expiresIn), MediaType.APPLICATION_JSON_TYPE)
                        .header(HttpHeaders.CACHE_CONTROL, "no-store").build());
    }

    private static Response page(ProblemException refused) {
        return Response.status(refused.status()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(HtmlPage.of(refused.title() == null ? "Sign-in refused" : refused.title(),
                        "<p>" + HtmlPage.escape(refused.getMessage()) + "</p>"))
                .build();
    }

    private static boolean prefersHtml(HttpHeaders headers) {
        return headers.getAcceptableMediaTypes().stream().findFirst()
                .map(type -> type.isCompatible(MediaType.TEXT_HTML_TYPE) && !type.isWildcardType()).orElse(false);
    }
}
