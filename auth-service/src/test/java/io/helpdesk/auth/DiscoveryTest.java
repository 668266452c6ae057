package io.helpdesk.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.helpdesk.platform.security.TokenClaims;
import io.quarkus.test.junit.QuarkusTest;

/** The discovery documents name the issuer the tokens carry and only what works. */
@QuarkusTest
class DiscoveryTest {

    private static final String BASE = "http://localhost:8081";

    @Test
    void theOpenIdConfigurationNamesTheEndpointsAndOnlyTheWorkingGrants() {
        given().when().get("/.well-known/openid-configuration").then().statusCode(200)
                .body("issuer", equalTo(TokenClaims.DEFAULT_ISSUER))
                .body("jwks_uri", equalTo(BASE + "/.well-known/jwks.json"))
                .body("token_endpoint", equalTo(BASE + "/v1/tokens"))
                .body("revocation_endpoint", equalTo(BASE + "/v1/tokens/revoke"))
                .body("introspection_endpoint", equalTo(BASE + "/v1/tokens/introspect"))
                .body("grant_types_supported", containsInAnyOrder("password", "refresh_token", "client_credentials"))
                .body("token_endpoint_auth_methods_supported",
                        containsInAnyOrder("client_secret_basic", "client_secret_post", "none"))
                .body("introspection_endpoint_auth_methods_supported",
                        containsInAnyOrder("client_secret_basic", "client_secret_post"))
                .body("id_token_signing_alg_values_supported", contains("RS256"))
                .body("subject_types_supported", contains("public"))
                .body("response_types_supported", empty())
                .body("$", not(hasKey("authorization_endpoint")))
                .body("$", not(hasKey("userinfo_endpoint")));
    }

    @Test
    void theRfc8414DocumentIsTheSame() {
        assertEquals(given().when().get("/.well-known/openid-configuration").then().statusCode(200).extract().asString(),
                given().when().get("/.well-known/oauth-authorization-server").then().statusCode(200).extract().asString());
    }

    @Test
    void theIssuerIsTheOneTheTokensCarry() {
        String issuer = given().when().get("/.well-known/openid-configuration").then().extract().path("issuer");
        String access = AuthApi.tokens(AuthApi.newCustomer()).access();
        String claims = new String(java.util.Base64.getUrlDecoder().decode(access.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(issuer, io.restassured.path.json.JsonPath.from(claims).getString("iss"));
    }
}
