package io.helpdesk.platform.testing.contract;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.restassured.response.Response;

/**
 * CORS as every service answers it, from the one setting in platform/web ({@code CORS_ORIGINS}): a
 * preflight from a listed origin is allowed with the methods and request headers the API uses; any
 * other origin gets no CORS header at all; and an answer to a listed origin lets browser code read
 * ETag, Location, Retry-After and Link. A service's test extends this with {@code @QuarkusTest}.
 */
public abstract class CorsContractTest {

    private static final String PATH = "/test-probe/page";
    private static final List<String> REQUEST_HEADERS = List.of("authorization", "content-type", "idempotency-key",
            "if-match", "if-none-match");

    /** The configured origins (quarkus.http.cors.origins, from CORS_ORIGINS), regular expressions left out. */
    protected static List<String> allowedOrigins() {
        return ConfigProvider.getConfig().getOptionalValues("quarkus.http.cors.origins", String.class).orElse(List.of())
                .stream().filter(origin -> !origin.startsWith("/")).toList();
    }

    @Test
    public void theDefaultOriginsAreTheDevstackChatPageUnderBothNames() {
        assertTrue(allowedOrigins().containsAll(List.of("http://localhost:8085", "http://127.0.0.1:8085")),
                () -> "CORS_ORIGINS: " + allowedOrigins());
    }

    @Test
    public void aPreflightFromAnAllowedOriginIsAnsweredWithTheMethodsAndHeadersTheApiUses() {
        assertFalse(allowedOrigins().isEmpty());
        for (String origin : allowedOrigins()) {
            Response preflight = given().header("Origin", origin).header("Access-Control-Request-Method", "PUT")
                    .header("Access-Control-Request-Headers", String.join(",", REQUEST_HEADERS))
                    .when().options(PATH);
            preflight.then().statusCode(200)
                    .header("Access-Control-Allow-Origin", equalTo(origin))
                    .header("Access-Control-Allow-Credentials", not(equalTo("true")))
                    .header("Access-Control-Max-Age", not(nullValue()));
            assertListed(preflight, "Access-Control-Allow-Methods", List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
            assertListed(preflight, "Access-Control-Allow-Headers", REQUEST_HEADERS);
        }
    }

    @Test
    public void anotherOriginGetsNoCorsHeaders() {
        for (String origin : List.of("https://evil.example", "null", "http://localhost:8085.evil.example",
                "http://localhost:80850", "https://localhost:8085", "http://127.0.0.1:8086")) {
            given().header("Origin", origin).header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "authorization")
                    .when().options(PATH).then()
                    .header("Access-Control-Allow-Origin", nullValue())
                    .header("Access-Control-Allow-Credentials", nullValue());
            given().header("Origin", origin).queryParam("size", 10).when().get(PATH).then()
                    .statusCode(403)
                    .header("Access-Control-Allow-Origin", nullValue())
                    .header("Access-Control-Allow-Credentials", nullValue());
        }
    }

    @Test
    public void anAnswerToAnAllowedOriginLetsBrowserCodeReadTheApiHeaders() {
        for (String origin : allowedOrigins()) {
            Response answer = given().header("Origin", origin).queryParam("size", 10).when().get(PATH);
            answer.then().statusCode(200).header("Access-Control-Allow-Origin", equalTo(origin));
            assertListed(answer, "Access-Control-Expose-Headers", List.of("ETag", "Location", "Retry-After", "Link",
                    "WWW-Authenticate"));
        }
        // An error answer too: a 401's WWW-Authenticate, a 503's Retry-After.
        String origin = allowedOrigins().get(0);
        Response refused = given().header("Origin", origin).when().get("/test-probe/me");
        refused.then().statusCode(401).header("Access-Control-Allow-Origin", equalTo(origin));
        assertListed(refused, "Access-Control-Expose-Headers", List.of("WWW-Authenticate", "Retry-After"));
    }

    @Test
    public void requestsWithoutAnOriginAreNotCorsRequests() {
        given().queryParam("size", 10).when().get(PATH).then().statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue());
    }

    private static void assertListed(Response response, String header, List<String> expected) {
        List<String> listed = response.headers().getValues(header).stream()
                .flatMap(value -> Arrays.stream(value.split(","))).map(v -> v.strip().toLowerCase(Locale.ROOT)).toList();
        for (String name : expected) {
            assertTrue(listed.contains(name.toLowerCase(Locale.ROOT)), () -> header + " lists " + name + ": " + listed);
        }
    }
}
