package io.helpdesk.platform.testing.contract;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.restassured.response.ValidatableResponse;

/**
 * The security headers every service sends on every response, configured once in platform/web: no
 * framing (X-Frame-Options and CSP frame-ancestors), no content sniffing, no referrer, and a
 * Content-Security-Policy that allows nothing by default outside the /q/ tools. A service's test
 * extends this with {@code @QuarkusTest}.
 */
public abstract class HeadersContractTest {

    @Test
    public void aSuccessfulAnswerCarriesTheSecurityHeaders() {
        hardened(given().queryParam("size", 10).when().get("/test-probe/page").then().statusCode(200));
    }

    @Test
    public void errorAnswersCarryTheSecurityHeaders() {
        hardened(given().when().get("/v1/no-such-route").then().statusCode(404));
        hardened(given().when().get("/test-probe/me").then().statusCode(401));
        hardened(given().contentType("application/json").body("{").when().post("/test-probe/echo").then().statusCode(400));
        hardened(given().when().get("/test-probe/boom").then().statusCode(500));
    }

    @Test
    public void apiAnswersForbidEverythingButSameOriginForms() {
        given().queryParam("size", 10).when().get("/test-probe/page").then()
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("Content-Security-Policy", containsString("base-uri 'none'"));
    }

    @Test
    public void healthMetricsAndOpenApiCarryTheSecurityHeaders() {
        for (String path : new String[] { "/q/health/ready", "/q/metrics", "/q/openapi", "/q/swagger-ui/" }) {
            noFraming(given().when().get(path).then().statusCode(200));
        }
    }

    private static void hardened(ValidatableResponse response) {
        noFraming(response).header("Content-Security-Policy", containsString("default-src 'none'"));
    }

    private static ValidatableResponse noFraming(ValidatableResponse response) {
        return response.header("X-Frame-Options", equalTo("DENY"))
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("Referrer-Policy", equalTo("no-referrer"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"));
    }
}
