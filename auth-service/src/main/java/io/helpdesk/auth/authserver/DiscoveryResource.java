package io.helpdesk.auth.authserver;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.helpdesk.auth.config.AuthConfig;

/**
 * The server's metadata, at {@code <issuer>/.well-known/openid-configuration} (OpenID Connect Discovery)
 * and {@code <issuer>/.well-known/oauth-authorization-server} (RFC 8414): one document that names only
 * what works. There is no authorization endpoint (no browser redirect flow is served, so no response
 * type) and no ID token; the members OpenID Connect Discovery requires are there with what is true.
 */
@Path("/.well-known")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Keys", description = "What clients and services need to verify tokens")
public class DiscoveryResource {

    /** RFC 8414 and OpenID Connect Discovery metadata. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ServerMetadata", description = "Authorization server metadata (RFC 8414, OpenID Connect Discovery 1.0)")
    public record ServerMetadata(String issuer, String jwks_uri, String token_endpoint, String revocation_endpoint,
            String introspection_endpoint, List<String> grant_types_supported,
            List<String> token_endpoint_auth_methods_supported, List<String> revocation_endpoint_auth_methods_supported,
            List<String> introspection_endpoint_auth_methods_supported, List<String> response_types_supported,
            List<String> subject_types_supported, List<String> id_token_signing_alg_values_supported) {
    }

    private static final List<String> CLIENT_SECRET = List.of("client_secret_basic", "client_secret_post");
    private static final List<String> CLIENT_SECRET_OR_PUBLIC = List.of("client_secret_basic", "client_secret_post", "none");

    private final AuthConfig config;

    public DiscoveryResource(AuthConfig config) {
        this.config = config;
    }

    @GET
    @Path("/openid-configuration")
    @Operation(summary = "OpenID Connect discovery document", description = "The issuer is the URL this is served under.")
    @APIResponse(responseCode = "200", description = "The metadata",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ServerMetadata.class)))
    public Response openIdConfiguration() {
        return metadata();
    }

    @GET
    @Path("/oauth-authorization-server")
    @Operation(summary = "OAuth 2.0 authorization server metadata (RFC 8414)", description = "The same document.")
    @APIResponse(responseCode = "200", description = "The metadata",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ServerMetadata.class)))
    public Response authorizationServer() {
        return metadata();
    }

    private Response metadata() {
        String base = config.publicUrl().replaceAll("/+$", "");
        ServerMetadata metadata = new ServerMetadata(config.jwt().issuer(), base + "/.well-known/jwks.json",
                base + "/v1/tokens", base + "/v1/tokens/revoke", base + "/v1/tokens/introspect",
                List.of("password", "refresh_token", "client_credentials"), CLIENT_SECRET_OR_PUBLIC,
                CLIENT_SECRET_OR_PUBLIC, CLIENT_SECRET, List.of(), List.of("public"), List.of("RS256"));
        CacheControl cache = new CacheControl();
        cache.setMaxAge(300);
        return Response.ok(metadata).cacheControl(cache).build();
    }
}
