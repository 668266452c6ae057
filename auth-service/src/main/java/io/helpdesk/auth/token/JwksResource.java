package io.helpdesk.auth.token;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.helpdesk.auth.config.AuthConfig;

@Path("/.well-known")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Keys", description = "What clients and services need to verify tokens")
public class JwksResource {

    private final SigningKeys keys;
    private final AuthConfig config;

    public JwksResource(SigningKeys keys, AuthConfig config) {
        this.keys = keys;
        this.config = config;
    }

    @GET
    @Path("/jwks.json")
    @Operation(summary = "Token verification keys", description = "The current signing key first, then the previous ones.")
    public Response jwks() {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(300);
        return Response.ok(keys.jwks()).cacheControl(cache).build();
    }

    @GET
    @Path("/openid-configuration")
    @Operation(summary = "Discovery document")
    public Map<String, Object> discovery() {
        String base = config.publicUrl().replaceAll("/+$", "");
        return Map.of(
                "issuer", config.jwt().issuer(),
                "jwks_uri", base + "/.well-known/jwks.json",
                "token_endpoint", base + "/v1/tokens",
                "grant_types_supported", List.of("password", "refresh_token", "client_credentials"),
                "token_endpoint_auth_methods_supported", List.of("client_secret_post", "client_secret_basic"),
                "id_token_signing_alg_values_supported", List.of("RS256"),
                "response_types_supported", List.of("token"),
                "subject_types_supported", List.of("public"),
                "claims_supported", List.of("iss", "aud", "sub", "upn", "email", "groups", "jti", "iat", "exp", "sid"));
    }
}
