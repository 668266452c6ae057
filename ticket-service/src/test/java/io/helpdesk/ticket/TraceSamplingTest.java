package io.helpdesk.ticket;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The sampling ratio is deployment configuration: with OTEL_TRACES_SAMPLER_ARG at 0 a request that
 * starts a trace still has one (its id reaches logs, calls and events) but is not recorded, while a
 * caller's sampled trace is still followed. The default (every trace recorded) is checked in every
 * service by InfrastructureContractTest.
 */
@QuarkusTest
@TestProfile(TraceSamplingTest.NoneOfItsOwn.class)
class TraceSamplingTest {

    public static class NoneOfItsOwn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("OTEL_TRACES_SAMPLER_ARG", "0.0");
        }
    }

    @Test
    void aTraceItStartsIsNotRecordedButACallersSampledTraceIs() {
        given().when().get("/test-probe/trace")
                .then().statusCode(200)
                .body("traceId", matchesPattern("[0-9a-f]{32}"))
                .body("valid", equalTo(true))
                .body("sampled", equalTo(false));
        String traceId = UUID.randomUUID().toString().replace("-", "");
        given().header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .when().get("/test-probe/trace")
                .then().statusCode(200)
                .body("traceId", equalTo(traceId))
                .body("sampled", equalTo(true));
    }
}
