package io.helpdesk.analytics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.TestTokens;
import io.helpdesk.platform.testing.ThrownExceptions;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The reports a dashboard asks for all day make no exception on the service's threads, from the store and
 * from the cache alike. Each is asked for a few times first, so what a first ask does once (a class loaded,
 * the cache filled) is not counted.
 */
@QuarkusTest
class ExceptionFreeReportsTest {

    private static final int CALLS = 3;
    private static final String FROM = "2026-04-01T00:00:00Z";
    private static final String TO = "2026-04-08T00:00:00Z";

    @Test
    void askingForTheOverviewTrendsAndOnesOwnFiguresMakesNoException() {
        String agent = TestTokens.forUser("agent-exceptions").role(Roles.AGENT).sign();
        reports(agent);

        try (ThrownExceptions thrown = ThrownExceptions.record()) {
            reports(agent);
            // A collection may come in any window, and with it the close of the connections the client left to it.
            ThrownExceptions.collectGarbage();

            assertEquals(List.of(), thrown.onServiceThreads());
        }
    }

    private static void reports(String agent) {
        for (int i = 0; i < CALLS; i++) {
            given().auth().oauth2(agent).queryParam("from", FROM).queryParam("to", TO)
                    .when().get("/v1/analytics/overview").then().statusCode(200);
            given().auth().oauth2(agent).queryParam("interval", "day").queryParam("from", FROM).queryParam("to", TO)
                    .when().get("/v1/analytics/trends").then().statusCode(200);
            given().auth().oauth2(agent).queryParam("from", FROM).queryParam("to", TO)
                    .when().get("/v1/analytics/agents/agent-exceptions").then().statusCode(200);
        }
    }
}
