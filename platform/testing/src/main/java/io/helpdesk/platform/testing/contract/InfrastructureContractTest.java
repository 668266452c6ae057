package io.helpdesk.platform.testing.contract;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.bson.Document;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;

import io.helpdesk.platform.testing.DevServicesSwitch;
import io.helpdesk.platform.testing.LogCapture;
import io.helpdesk.platform.testing.MongoTestResource;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.RedisTestResource;
import io.helpdesk.platform.testing.TestTokens;
import io.helpdesk.platform.testing.TraceCollectorTestResource;
import io.helpdesk.platform.testing.probe.StartupOrder;
import io.quarkus.redis.datasource.RedisDataSource;

/**
 * What every service gets from the foundation, proved against the real servers: MongoDB and Redis
 * wired through TCP, health that follows them, metrics, OpenAPI and Swagger UI. A service's test
 * extends this with {@code @QuarkusTest}.
 */
public abstract class InfrastructureContractTest {

    private static final Duration HEALTH_CHANGE = Duration.ofSeconds(30);

    @Inject
    MongoClient mongo;

    @Inject
    RedisDataSource redis;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    /**
     * Tracing by default: a request that starts a trace is recorded for export (OTEL_TRACES_SAMPLER_ARG
     * defaults to 1.0), and one that arrives in a trace continues it with its caller's sampling choice.
     */
    @Test
    public void everyRequestRunsInATraceRecordedByDefault() {
        given().when().get("/test-probe/trace")
                .then().statusCode(200)
                .body("traceId", matchesPattern("[0-9a-f]{32}"))
                .body("valid", equalTo(true))
                .body("sampled", equalTo(true));
        String traceId = UUID.randomUUID().toString().replace("-", "");
        for (String flag : List.of("00", "01")) {
            given().header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-" + flag)
                    .when().get("/test-probe/trace")
                    .then().statusCode(200)
                    .body("traceId", equalTo(traceId))
                    .body("sampled", equalTo(flag.equals("01")));
        }
    }

    /** The recorded traces leave the service: its exporter sends them to the collector over OTLP. */
    @Test
    public void recordedTracesReachTheCollector() {
        long before = TraceCollectorTestResource.exports();
        given().when().get("/test-probe/trace").then().statusCode(200);
        // The exporter sends a batch at least every 5 s.
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> TraceCollectorTestResource.exports() > before);
    }

    @Test
    public void documentRoundTripsThroughMongoDb() {
        String id = UUID.randomUUID().toString();
        mongo.getDatabase(database).getCollection("infrastructure_check")
                .insertOne(new Document("_id", id).append("service", database));

        // Read it back over a connection of the test's own: the document really is in the server.
        String address = ConfigProvider.getConfig().getValue("quarkus.mongodb.connection-string", String.class);
        try (MongoClient other = MongoClients.create(address)) {
            Document found = other.getDatabase(database).getCollection("infrastructure_check")
                    .find(Filters.eq("_id", id)).first();
            assertEquals(database, found == null ? null : found.getString("service"));
        }
    }

    @Test
    public void keyRoundTripsThroughRedis() {
        String key = "infrastructure-check:" + UUID.randomUUID();
        redis.value(String.class).setex(key, 60, database);

        assertEquals(database, redis.value(String.class).get(key));
        if (!DevServicesSwitch.enabled()) {
            assertEquals(database, RedisTestResource.command("GET", key), "seen by a separate connection");
        }
    }

    /**
     * A scheduled job may use Redis on a worker thread from the scheduler's start on; the data sources
     * made lazily then raced the main thread's and failed the start now and then.
     */
    @Test
    public void redisDataSourcesAreMadeBeforeTheFirstScheduledJob() {
        assertTrue(StartupOrder.redisDataSourcesMadeBeforeJobs(),
                "both Redis data sources exist when the scheduler starts");
    }

    @Test
    public void liveReadyAndStartedAreUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(
                        containsString("MongoDB"),
                        containsString("Redis")));
    }

    @Test
    public void metricsAreServedForPrometheus() {
        given().accept("text/plain").when().get("/q/metrics").then().statusCode(200)
                .contentType(containsString("text/plain"))
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    public void openApiAndSwaggerUiAreServed() {
        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .body("openapi", startsWith("3."));
        given().when().get("/q/swagger-ui/").then().statusCode(200)
                .contentType(containsString("text/html"));
    }

    @Test
    public void readinessGoesDownWithRedisAndComesBack() {
        assumeFalse(DevServicesSwitch.enabled(), "Dev Services containers are not stopped by tests");
        RedisTestResource.stopServer();
        try {
            awaitReadiness(503, "DOWN");
            assertDependencyProblem("/test-probe/redis");
        } finally {
            RedisTestResource.startServer();
        }
        awaitReadiness(200, "UP");
        given().when().get("/test-probe/redis").then().statusCode(200);
    }

    @Test
    public void twoHundredConcurrentRequestsThatUseRedisAllSucceed() throws Exception {
        int clients = 200;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < clients; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return given().when().get("/test-probe/redis").then().extract().statusCode();
                }));
            }
            start.countDown();
            List<Integer> statuses = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<Integer> answer : answers) {
                statuses.add(answer.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertEquals(List.of(200), statuses.stream().distinct().toList(), "every request served: " + statuses);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void aRedisCommandCutOffByARedisStopIsA503Problem() throws Exception {
        assumeFalse(DevServicesSwitch.enabled(), "Dev Services containers are not stopped by tests");
        java.util.concurrent.CompletableFuture<io.restassured.response.Response> waiting =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> given().when().get("/test-probe/redis-wait"));
        Thread.sleep(500);
        RedisTestResource.stopServer();
        try {
            waiting.get(30, java.util.concurrent.TimeUnit.SECONDS).then()
                    .statusCode(503)
                    .contentType(startsWith("application/problem+json"))
                    .body("status", equalTo(503));
        } finally {
            RedisTestResource.startServer();
        }
        awaitReadiness(200, "UP");
    }

    @Test
    public void aRedisThatTakesCommandsAndDoesNotAnswerIsA503ProblemWithinTheTimeout() throws Exception {
        assumeFalse(DevServicesSwitch.enabled(), "Dev Services containers are not paused by tests");
        // Signed before the pause (its revocation check is what the pause holds up); fresh, so never remembered.
        String token = TestTokens.forUser("paused-" + UUID.randomUUID()).role(Roles.CUSTOMER).sign();
        Duration pause = Duration.ofSeconds(8);
        long begin = System.nanoTime();
        // Redis keeps every connection and holds every command until the pause ends: a store that hangs.
        RedisTestResource.command("CLIENT", "PAUSE", String.valueOf(pause.toMillis()), "ALL");
        try {
            // A command of the blocking client, and the reactive revocation check of an authenticated request.
            java.util.concurrent.CompletableFuture<io.restassured.response.Response> blocking =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> given().when().get("/test-probe/redis"));
            java.util.concurrent.CompletableFuture<io.restassured.response.Response> authenticated =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> given().auth().oauth2(token).when().get("/test-probe/me"));
            for (var answer : List.of(blocking, authenticated)) {
                answer.get(30, java.util.concurrent.TimeUnit.SECONDS).then()
                        .statusCode(503)
                        .contentType(startsWith("application/problem+json"))
                        .header("Retry-After", equalTo("5"));
            }
            assertTrue(Duration.ofNanos(System.nanoTime() - begin).compareTo(pause) < 0,
                    "both answered by the client's timeout, before Redis answered again");
        } finally {
            Thread.sleep(Math.max(0, pause.toMillis() - Duration.ofNanos(System.nanoTime() - begin).toMillis() + 200));
        }
        given().auth().oauth2(token).when().get("/test-probe/me").then().statusCode(200);
    }

    @Test
    public void aCommandWrittenToAClosingStoreConnectionIsA503Problem() {
        assertDependencyProblem("/test-probe/closed-channel");
    }

    @Test
    public void aStoreOutageLogsOneWarningAMinuteNotOnePerRequest() {
        // Regression: every request that found a store unreachable logged a WARN of its own, so an outage
        // wrote a line per request for as long as it lasted. Now the line is written at most once a minute
        // (the test before this one in the same JVM may have used the minute's line already).
        try (LogCapture logs = LogCapture.of("io.helpdesk.platform.web")) {
            for (int i = 0; i < 20; i++) {
                assertDependencyProblem("/test-probe/closed-channel");
            }
            List<String> warnings = logs.lines(Level.WARNING, "/test-probe/closed-channel");
            assertTrue(warnings.size() <= 1, "one line for 20 requests at most: " + warnings);
        }
    }

    @Test
    public void readinessGoesDownWithMongoDbAndComesBack() {
        assumeFalse(DevServicesSwitch.enabled(), "Dev Services containers are not stopped by tests");
        MongoTestResource.stopServer();
        try {
            awaitReadiness(503, "DOWN");
            assertDependencyProblem("/test-probe/mongo");
        } finally {
            MongoTestResource.startServer();
        }
        awaitReadiness(200, "UP");
        given().when().get("/test-probe/mongo").then().statusCode(200);
    }

    private static void assertDependencyProblem(String path) {
        given().when().get(path).then()
                .statusCode(503)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(503))
                .header("Retry-After", equalTo("5"));
    }

    private static void awaitReadiness(int status, String state) {
        Awaitility.await().atMost(HEALTH_CHANGE).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(status).body("status", equalTo(state)));
    }
}
