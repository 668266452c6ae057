package io.helpdesk.auth.token;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/.well-known")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Keys", description = "What clients and services need to verify tokens")
public class JwksResource {

    /** RFC 7517 JWK Set, for the API description (the body is written by jose4j). */
    @Schema(name = "JwkSet", description = "RFC 7517 JSON Web Key Set")
    public record JwkSet(@Schema(required = true) List<Jwk> keys) {
    }

    /** One RSA public key of the set. */
    @Schema(name = "Jwk", description = "An RSA public key (RFC 7517, RFC 7518 section 6.3)")
    public record Jwk(@Schema(required = true, enumeration = "RSA") String kty, @Schema(required = true) String kid,
            @Schema(enumeration = "sig") String use, @Schema(enumeration = "RS256") String alg,
            @Schema(required = true, description = "Modulus, base64url") String n,
            @Schema(required = true, description = "Exponent, base64url") String e) {
    }

    private final SigningKeys keys;

    public JwksResource(SigningKeys keys) {
        this.keys = keys;
    }

    @GET
    @Path("/jwks.json")
    @Operation(summary = "Token verification keys", description = "The current signing key first, then the previous ones.")
    @APIResponse(responseCode = "200", description = "The JWK Set, cacheable for 5 minutes",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JwkSet.class)))
    public Response jwks() {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(300);
        return Response.ok(keys.jwks()).cacheControl(cache).build();
    }
}
