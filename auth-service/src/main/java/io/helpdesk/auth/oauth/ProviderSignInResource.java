package io.helpdesk.auth.oauth;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

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
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
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
 * tokens never travel in a URL.
 */
@Path("/v1/user/oauth")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sign-in with a provider", description = "GitHub and OpenID Connect providers, ending in Helpdesk tokens")
public class ProviderSignInResource {

    private final SignInProviders providers;
    private final ProviderSignIn signIn;
    private final SignInCodes codes;
    private final ProviderAccounts accounts;
    private final ProviderSessions sessions;
    private final ProblemResponses problems;
    private final AuthConfig config;

    public ProviderSignInResource(SignInProviders providers, ProviderSignIn signIn, SignInCodes codes,
            ProviderAccounts accounts, ProviderSessions sessions, ProblemResponses problems, AuthConfig config) {
        this.providers = providers;
        this.signIn = signIn;
        this.codes = codes;
        this.accounts = accounts;
        this.sessions = sessions;
        this.problems = problems;
        this.config = config;
    }

    @GET
    @Operation(summary = "The sign-in providers offered", description = "Each configured provider and the URL a browser"
            + " opens to sign in with it. Empty when none is configured.")
    @APIResponse(responseCode = "200", description = "The providers",
            content = @Content(schema = @Schema(implementation = ProviderView.class)))
    public List<ProviderView> list() {
        String base = config.publicUrl().replaceAll("/+$", "") + "/v1/user/oauth/";
        return providers.enabled().stream().map(p -> new ProviderView(p.id(), base + p.id())).toList();
    }

    @GET
    @Path("/{provider}")
    @AuthorizationCodeFlow
    @Authenticated
    @Produces({ MediaType.APPLICATION_JSON, MediaType.TEXT_HTML })
    @Operation(summary = "Sign in with a provider (start and callback)",
            description = "Opened by a browser: 302 to the provider's authorization page, with a random state (kept in"
                    + " a short-lived cookie) and a PKCE S256 challenge. The provider sends the browser back here with"
                    + " a code, which is exchanged with the provider; then the account is found by its link to the"
                    + " provider's account, or linked by an email address the provider verified, or created as a"
                    + " CUSTOMER. The answer carries a one-time code for POST /v1/user/oauth/exchange: a 302 to the"
                    + " configured front-end page (AUTH_OAUTH_COMPLETION_URL) with ?code=, or, when none is configured,"
                    + " the code as JSON. Refusals are problems (an HTML page for browsers).")
    @APIResponse(responseCode = "302", description = "To the provider (start), or to the front-end page with ?code= (callback)",
            headers = @Header(name = "Location", description = "The provider's authorization URL, or the front-end page"))
    @APIResponse(responseCode = "200", description = "The one-time code (callback, no front-end page configured)",
            content = @Content(schema = @Schema(implementation = SignInCode.class)))
    @APIResponse(responseCode = "401", description = "A callback with a wrong, missing or used state, a code the provider"
            + " refused, or a provider session presented again; start again",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The provider has not verified the address"
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
            SignInProvider provider = providers.find(name).orElseThrow();
            User user = signIn.account(accounts.signedIn(provider), ClientAddress.of(http));
            return handOver(codes.issue(user.id, provider.id()));
        } catch (ProblemException refused) {
            if (!prefersHtml(headers)) {
                throw refused;
            }
            return Response.status(refused.status()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .entity(HtmlPage.of(refused.title() == null ? "Sign-in refused" : refused.title(),
                            "<p>" + HtmlPage.escape(refused.getMessage()) + "</p>"))
                    .build();
        } finally {
            // The provider's tokens were needed for this request only: no provider session outlives it.
            sessions.end(routing, name);
        }
    }

    @POST
    @Path("/exchange")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Exchange a sign-in's one-time code for tokens",
            description = "The code from the callback, once, within its lifetime (AUTH_OAUTH_CODE_LIFETIME, 2 minutes):"
                    + " a new session and its access and refresh tokens, exactly as a password login gives them.")
    @APIResponse(responseCode = "200", description = "Tokens",
            content = @Content(schema = @Schema(implementation = TokenResponse.class)))
    @APIResponse(responseCode = "400", description = "No code, or one that is unknown, used or expired (field code)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The account was disabled or deleted meanwhile",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public TokenResponse exchange(@Valid @NotNull ExchangeRequest request, @Context HttpServerRequest http) {
        SignInCodes.SignedIn signedIn = codes.redeem(request.code()).orElseThrow(() -> new ProblemException(400,
                Problem.BLANK, null, "The code is unknown, used or expired; sign in again.",
                List.of(new Problem.FieldError("code", "is unknown, used or expired")), null));
        return TokenResponse.of(signIn.open(signedIn, http.getHeader(HttpHeaders.USER_AGENT), ClientAddress.of(http)));
    }

    /** Not signed in with the provider yet: Quarkus's challenge, the 302 to the provider. */
    @ServerExceptionMapper
    public Uni<Response> challenge(UnauthorizedException e, RoutingContext routing) {
        HttpAuthenticator authenticator = routing.get(HttpAuthenticator.class.getName());
        if (authenticator == null) {
            return Uni.createFrom().item(failed(routing));
        }
        return authenticator.getChallenge(routing).map(challenge -> {
            Response.ResponseBuilder builder = Response.status(challenge.status);
            challenge.getHeaders().forEach((header, value) -> builder.header(header.toString(), value));
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

    private static boolean prefersHtml(HttpHeaders headers) {
        return headers.getAcceptableMediaTypes().stream().findFirst()
                .map(type -> type.isCompatible(MediaType.TEXT_HTML_TYPE) && !type.isWildcardType()).orElse(false);
    }
}
