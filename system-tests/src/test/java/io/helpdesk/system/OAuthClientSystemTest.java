package io.helpdesk.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResourceOwnerPasswordCredentialsGrant;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;

import io.helpdesk.platform.devstack.ServiceProcess;
import io.helpdesk.platform.testing.FreePorts;

/**
 * The auth-service as standard OAuth 2.0 / OpenID Connect software sees it. A client library (Nimbus
 * OAuth 2.0 SDK) that knows only the issuer URL discovers the endpoints, signs a user in with the
 * password grant, refreshes, introspects and revokes; and a Quarkus resource server configured by the
 * issuer URL alone (system-tests/resource-server: quarkus-oidc, introspecting every token) accepts the
 * user's token until it is revoked, as the Helpdesk services do.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OAuthClientSystemTest {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    /** A first-party app: a public client, which names itself but has no secret. */
    private static final ClientID APP = new ClientID("helpdesk-web");

    private final Path root = Path.of(System.getProperty("helpdesk.root", "..")).toAbsolutePath().normalize();
    private SystemStack stack;
    private Issuer issuer;
    private ClientSecretBasic chatClient;
    private ServiceProcess resourceServer;

    @BeforeAll
    void start() throws Exception {
        stack = SystemStack.shared();
        issuer = new Issuer(stack.issuer());
        // A registered client: the chat-service's, whose secret the stack's auth-service knows.
        chatClient = new ClientSecretBasic(new ClientID("chat"), new Secret(stack.environment().get("AUTH_CLIENTS_CHAT")));
        Map<String, String> env = Map.of("AUTH_ISSUER", stack.issuer(), "RESOURCE_SERVER_CLIENT_ID", "chat",
                "RESOURCE_SERVER_CLIENT_SECRET", stack.environment().get("AUTH_CLIENTS_CHAT"));
        resourceServer = ServiceProcess.start("resource-server",
                root.resolve("system-tests/resource-server/target/quarkus-app/quarkus-run.jar"), FreePorts.next(), env,
                root.resolve("system-tests/target/resource-server"));
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!resourceServer.ready()) {
            if (!resourceServer.alive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("resource-server did not become ready:\n" + resourceServer.logTail(60));
            }
            Thread.sleep(250);
        }
    }

    @AfterAll
    void stop() {
        if (resourceServer != null) {
            resourceServer.stop(Duration.ofSeconds(10));
        }
    }

    @Test
    void discoveryFromTheIssuerUrlNamesWhatWorks() throws Exception {
        // Both resolve methods refuse a document whose issuer is not the URL it was fetched from.
        OIDCProviderMetadata openId = OIDCProviderMetadata.resolve(issuer);
        AuthorizationServerMetadata oauth = AuthorizationServerMetadata.resolve(issuer);
        assertEquals(issuer, openId.getIssuer());
        assertEquals(issuer, oauth.getIssuer());
        assertEquals(URI.create(stack.url(SystemStack.AUTH) + "/v1/tokens"), oauth.getTokenEndpointURI());
        assertEquals(List.of(GrantType.PASSWORD, GrantType.REFRESH_TOKEN, GrantType.CLIENT_CREDENTIALS), oauth.getGrantTypes());
        assertTrue(oauth.getTokenEndpointAuthMethods().containsAll(List.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
                ClientAuthenticationMethod.CLIENT_SECRET_POST, ClientAuthenticationMethod.NONE)));
        assertEquals(openId.getJWKSetURI(), oauth.getJWKSetURI());
        given().when().get(openId.getJWKSetURI()).then().statusCode(200);
    }

    @Test
    void aUserSignsInRefreshesAndRevokesAndEveryServiceHonoursIt() throws Exception {
        AuthorizationServerMetadata server = AuthorizationServerMetadata.resolve(issuer);
        Map<String, String> customer = stack.newCustomer("oauth-client");

        AccessTokenResponse signedIn = success(new TokenRequest(server.getTokenEndpointURI(), APP,
                new ResourceOwnerPasswordCredentialsGrant(customer.get("email"), new Secret(customer.get("password")))));
        AccessToken first = signedIn.getTokens().getAccessToken();
        RefreshToken refresh = signedIn.getTokens().getRefreshToken();
        assertEquals(900, first.getLifetime());
        assertEquals(200, whoAmI(first));
        assertEquals(200, tickets(first));

        AccessTokenResponse refreshed = success(new TokenRequest(server.getTokenEndpointURI(), APP, new RefreshTokenGrant(refresh)));
        AccessToken access = refreshed.getTokens().getAccessToken();
        RefreshToken rotated = refreshed.getTokens().getRefreshToken();
        assertNotEquals(refresh, rotated);

        TokenIntrospectionSuccessResponse live = introspect(server, access);
        assertTrue(live.isActive());
        assertEquals(customer.get("id"), live.getSubject().getValue());
        assertEquals(customer.get("email"), live.getUsername());
        assertEquals(issuer, live.getIssuer());
        assertEquals(200, whoAmI(access));

        // Revoking the refresh token ends the session: its access tokens too, in every service.
        assertEquals(200, new TokenRevocationRequest(server.getRevocationEndpointURI(), APP, rotated)
                .toHTTPRequest().send().getStatusCode());
        assertFalse(introspect(server, access).isActive());
        assertEquals(401, whoAmI(access));
        assertEquals(401, tickets(access));
        TokenResponse again = TokenResponse.parse(new TokenRequest(server.getTokenEndpointURI(), APP,
                new RefreshTokenGrant(rotated)).toHTTPRequest().send());
        assertEquals(OAuth2Error.INVALID_GRANT.getCode(), assertInstanceOf(TokenErrorResponse.class, again)
                .getErrorObject().getCode());
    }

    @Test
    void aServiceUsesClientCredentialsAndAWrongSecretIsAnInvalidClient() throws Exception {
        AuthorizationServerMetadata server = AuthorizationServerMetadata.resolve(issuer);
        AccessToken service = success(new TokenRequest(server.getTokenEndpointURI(), chatClient, new ClientCredentialsGrant()))
                .getTokens().getAccessToken();
        TokenIntrospectionSuccessResponse introspected = introspect(server, service);
        assertTrue(introspected.isActive());
        assertEquals("chat", introspected.getClientID().getValue());
        assertEquals(200, whoAmI(service));

        TokenResponse refused = TokenResponse.parse(new TokenRequest(server.getTokenEndpointURI(),
                new ClientSecretBasic(new ClientID("chat"), new Secret("not-the-secret")), new ClientCredentialsGrant())
                .toHTTPRequest().send());
        TokenErrorResponse error = assertInstanceOf(TokenErrorResponse.class, refused);
        assertEquals(OAuth2Error.INVALID_CLIENT.getCode(), error.getErrorObject().getCode());
        assertEquals(401, error.getErrorObject().getHTTPStatusCode());
    }

    private AccessTokenResponse success(TokenRequest request) throws Exception {
        TokenResponse response = TokenResponse.parse(request.toHTTPRequest().send());
        assertTrue(response.indicatesSuccess(), () -> response.toErrorResponse().getErrorObject().toJSONObject().toString());
        return response.toSuccessResponse();
    }

    private TokenIntrospectionSuccessResponse introspect(AuthorizationServerMetadata server, AccessToken token) throws Exception {
        TokenIntrospectionResponse response = TokenIntrospectionResponse.parse(
                new TokenIntrospectionRequest(server.getIntrospectionEndpointURI(), chatClient, token).toHTTPRequest().send());
        assertTrue(response.indicatesSuccess(), () -> response.toErrorResponse().getErrorObject().toJSONObject().toString());
        return response.toSuccessResponse();
    }

    private int whoAmI(AccessToken token) {
        return given().header("Authorization", token.toAuthorizationHeader()).when().get(resourceServer.url() + "/whoami")
                .then().extract().statusCode();
    }

    private int tickets(AccessToken token) {
        return given().header("Authorization", token.toAuthorizationHeader()).when().get(stack.url(SystemStack.TICKET) + "/v1/ticket")
                .then().extract().statusCode();
    }
}
