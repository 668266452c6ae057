package io.helpdesk.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml against the services' own configuration: every service is there with its image,
 * port, healthcheck, dependencies and limits, and every environment variable it sets is one the
 * service reads.
 */
class ComposeFileTest {

    private static final Path ROOT = ServiceConfig.ROOT;
    private static final Map<String, Integer> SERVICES = ServiceConfig.SERVICES;
    private static final Map<String, String> DATABASES = Map.of("auth-service", "auth", "ticket-service", "tickets",
            "analytics-service", "analytics", "notification-service", "notifications", "chat-service", "chat");

    @Test
    void everyServiceIsDefinedWithHealthDependenciesAndLimits() throws IOException {
        JsonNode services = compose().path("services");
        for (String store : List.of("mongodb", "redis", "mailpit")) {
            assertTrue(services.has(store), store);
            assertTrue(services.path(store).has("healthcheck"), store + " healthcheck");
        }
        assertTrue(services.path("redis").path("command").toString().contains("--appendonly"), "Redis with AOF");
        assertTrue(services.path("mongodb").path("command").toString().contains("--replSet"), "MongoDB as a replica set");
        for (Map.Entry<String, Integer> service : SERVICES.entrySet()) {
            JsonNode definition = services.path(service.getKey());
            assertTrue(definition.isObject(), service.getKey());
            assertEquals("src/main/docker/Dockerfile.jvm", definition.path("build").path("dockerfile").asText());
            assertTrue(Files.exists(ROOT.resolve(service.getKey()).resolve("src/main/docker/Dockerfile.jvm")));
            assertTrue(Files.exists(ROOT.resolve(service.getKey()).resolve("src/main/docker/Dockerfile.native-micro")));
            assertEquals(service.getValue() + ":" + service.getValue(), definition.path("ports").get(0).asText());
            assertTrue(definition.path("healthcheck").path("test").toString().contains("/q/health/ready"));
            assertEquals("service_healthy", definition.path("depends_on").path("mongodb").path("condition").asText());
            assertEquals("service_healthy", definition.path("depends_on").path("redis").path("condition").asText());
            assertNotNull(definition.path("deploy").path("resources").path("limits").get("memory"), "memory limit");
        }
    }

    @Test
    void everyEnvironmentVariableIsOneTheServiceReads() throws IOException {
        JsonNode services = compose().path("services");
        for (String service : SERVICES.keySet()) {
            Set<String> reads = ServiceConfig.variablesRead(service);
            JsonNode environment = services.path(service).path("environment");
            List<String> unknown = new ArrayList<>();
            for (Iterator<String> names = environment.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (!reads.contains(name)) {
                    unknown.add(name);
                }
            }
            assertTrue(unknown.isEmpty(), service + " sets variables it never reads: " + unknown);
            for (String needed : List.of("MONGODB_URI", "REDIS_URL", "AUTH_JWKS_URL", "HTTP_PORT")) {
                assertTrue(environment.has(needed), service + " needs " + needed);
            }
        }
    }

    @Test
    void everyServiceTrustsNoProxyUnlessTheDeploymentNamesOne() throws IOException {
        JsonNode services = compose().path("services");
        for (String service : SERVICES.keySet()) {
            // No proxy in front here: clients may arrive from the network's gateway, so no range is trusted.
            assertEquals("${HTTP_TRUSTED_PROXIES:-}", services.path(service).path("environment").path("HTTP_TRUSTED_PROXIES").asText(),
                    service + " takes its trusted proxies from the shell, none by default");
            assertTrue(ServiceConfig.variablesRead(service).contains("HTTP_TRUSTED_PROXIES"), service);
        }
    }

    /** No collector runs beside the services: none records a trace unless the shell names one and the share to record. */
    @Test
    void everyServiceRecordsNoTraceUnlessTheShellNamesACollector() throws IOException {
        JsonNode services = compose().path("services");
        for (String service : SERVICES.keySet()) {
            JsonNode environment = services.path(service).path("environment");
            assertEquals("${OTEL_EXPORTER_OTLP_ENDPOINT:-http://localhost:4317}",
                    environment.path("OTEL_EXPORTER_OTLP_ENDPOINT").asText(), service);
            assertEquals("${OTEL_TRACES_SAMPLER_ARG:-0.0}", environment.path("OTEL_TRACES_SAMPLER_ARG").asText(), service);
            assertTrue(ServiceConfig.variablesRead(service).containsAll(
                    List.of("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_TRACES_SAMPLER_ARG")), service);
        }
    }

    @Test
    void everyServiceAnswersTheSameBrowserOriginsTheChatPageUnderBothNames() throws IOException {
        JsonNode services = compose().path("services");
        for (String service : SERVICES.keySet()) {
            assertEquals("${CORS_ORIGINS-http://localhost:8085,http://127.0.0.1:8085}",
                    services.path(service).path("environment").path("CORS_ORIGINS").asText(), service);
            assertTrue(ServiceConfig.variablesRead(service).contains("CORS_ORIGINS"), service);
        }
    }

    @Test
    void theStoresAreReachableOnlyOnTheComposeNetworkAndAskForPasswords() throws IOException {
        JsonNode services = compose().path("services");
        for (String store : List.of("mongodb", "redis")) {
            assertFalse(services.path(store).has("ports"), store + " publishes no port (docker-compose.dev.yml does, for debugging)");
        }
        JsonNode mongodb = services.path("mongodb");
        assertTrue(mongodb.path("command").toString().contains("--keyFile"), "a replica set with users needs a key file");
        assertRequired(mongodb.path("environment").path("MONGO_INITDB_ROOT_PASSWORD").asText(), "MONGODB_ROOT_PASSWORD");
        assertTrue(mongodb.path("volumes").toString().contains("./k8s/base/mongodb-users.js:/docker-entrypoint-initdb.d/"),
                "the script that creates each service's user runs on first start");
        JsonNode redis = services.path("redis");
        assertTrue(redis.path("command").toString().contains("requirepass"), "Redis asks for a password");
        assertRequired(redis.path("environment").path("REDIS_PASSWORD").asText(), "REDIS_PASSWORD");
        assertTrue(redis.path("healthcheck").path("test").toString().contains("REDISCLI_AUTH"), "the healthcheck logs in");

        String users = Files.readString(ROOT.resolve("k8s/base/mongodb-users.js"));
        for (String service : SERVICES.keySet()) {
            String database = DATABASES.get(service);
            String variable = "MONGODB_" + database.toUpperCase() + "_PASSWORD";
            JsonNode environment = services.path(service).path("environment");
            String mongoUri = environment.path("MONGODB_URI").asText();
            assertTrue(mongoUri.startsWith("mongodb://" + service + ":${" + variable + ":?"), service + " logs in as its own user: " + mongoUri);
            assertTrue(mongoUri.contains("@mongodb:27017/" + database + "?") && mongoUri.contains("authSource=" + database), mongoUri);
            assertRequired(mongodb.path("environment").path(variable).asText(), variable);
            assertTrue(users.contains("{ user: '" + service + "', database: '" + database + "', variable: '" + variable + "' }"),
                    "mongodb-users.js creates " + service + " on " + database);
            assertTrue(environment.path("REDIS_URL").asText().startsWith("redis://default:${REDIS_PASSWORD:?"), service + " Redis password");
        }
        assertTrue(users.contains("roles: [{ role: 'readWrite', db: database }]"), "each user may use its own database only");
    }

    @Test
    void managementEndpointsStayInsideTheContainers() throws IOException {
        JsonNode services = compose().path("services");
        for (Map.Entry<String, Integer> service : SERVICES.entrySet()) {
            JsonNode definition = services.path(service.getKey());
            assertEquals(1, definition.path("ports").size(), service.getKey() + " publishes its API port only");
            assertTrue(definition.path("healthcheck").path("test").toString().contains("http://localhost:9000/q/health/ready"),
                    service.getKey() + " healthcheck on the management port");
        }
        String platform = Files.readString(ROOT.resolve("platform/web/src/main/resources/META-INF/microprofile-config.properties"));
        assertTrue(platform.contains("quarkus.management.port=${MANAGEMENT_PORT:9000}"), "management port 9000");

        try (var reader = Files.newBufferedReader(ROOT.resolve("docker-compose.dev.yml"))) {
            JsonNode dev = new ObjectMapper().valueToTree(new Yaml().load(reader)).path("services");
            for (String store : List.of("mongodb", "redis")) {
                dev.path(store).path("ports").forEach(port -> assertTrue(port.asText().startsWith("127.0.0.1:"),
                        "the dev override publishes " + store + " on the loopback only"));
                assertTrue(dev.path(store).has("ports"), store);
            }
        }
    }

    private static void assertRequired(String value, String variable) {
        assertTrue(value.startsWith("${" + variable + ":?"), variable + " comes from the environment and is required: " + value);
    }

    /** SnakeYAML, because the file uses YAML merge keys ({@code <<: *service}) as Compose does. */
    private static JsonNode compose() throws IOException {
        try (var reader = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
            Object yaml = new Yaml().load(reader);
            return new ObjectMapper().valueToTree(yaml);
        }
    }
}
