package io.helpdesk.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    /** SnakeYAML, because the file uses YAML merge keys ({@code <<: *service}) as Compose does. */
    private static JsonNode compose() throws IOException {
        try (var reader = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
            Object yaml = new Yaml().load(reader);
            return new ObjectMapper().valueToTree(yaml);
        }
    }
}
