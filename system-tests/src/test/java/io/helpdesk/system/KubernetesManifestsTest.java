package io.helpdesk.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Each overlay rendered by {@code kubectl kustomize} (offline), then checked: every workload has its
 * probes, limits and a locked-down security context, runs an image of the right service, and is
 * configured only with variables that service reads.
 */
class KubernetesManifestsTest {

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod", "serverless" })
    void everyWorkloadIsProbedLimitedAndLockedDown(String overlay) throws Exception {
        List<JsonNode> objects = render(overlay);
        List<JsonNode> workloads = new ArrayList<>();
        for (JsonNode object : objects) {
            String kind = object.path("kind").asText();
            if (kind.equals("Deployment") && object.path("metadata").path("labels").path("part-of").asText().equals("helpdesk")) {
                workloads.add(object.path("spec").path("template").path("spec"));
            } else if (kind.equals("Service") && object.path("apiVersion").asText().startsWith("serving.knative.dev")) {
                workloads.add(object.path("spec").path("template").path("spec"));
            }
        }
        assertEquals(5, workloads.size(), "one workload per service");
        for (JsonNode pod : workloads) {
            JsonNode container = pod.path("containers").get(0);
            String image = container.path("image").asText();
            assertTrue(image.matches("helpdesk/(auth|ticket|analytics|notification|chat)-service:(jvm|native)"), image);
            String service = image.substring("helpdesk/".length(), image.indexOf(':'));
            if (!overlay.equals("serverless")) {
                assertTrue(container.has("startupProbe"), service + " startup probe");
            }
            assertEquals("/q/health/ready", container.path("readinessProbe").path("httpGet").path("path").asText(), service);
            assertEquals("/q/health/live", container.path("livenessProbe").path("httpGet").path("path").asText(), service);
            assertTrue(container.path("resources").path("limits").has("cpu"), service + " cpu limit");
            assertTrue(container.path("resources").path("limits").has("memory"), service + " memory limit");
            JsonNode security = container.path("securityContext");
            assertFalse(security.path("allowPrivilegeEscalation").asBoolean(true), service);
            assertTrue(security.path("readOnlyRootFilesystem").asBoolean(false), service);
            assertEquals("ALL", security.path("capabilities").path("drop").get(0).asText(), service);
            assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean(false)
                    || security.path("runAsNonRoot").asBoolean(false), service + " non-root");
            assertEquals(8080, container.path("ports").get(0).path("containerPort").asInt(), service);
        }
        if (!overlay.equals("prod")) {
            return;
        }
        for (JsonNode pod : workloads) {
            assertTrue(pod.path("containers").get(0).path("image").asText().endsWith(":native"), "prod runs native images");
            assertTrue(pod.has("affinity"), "prod spreads replicas over nodes");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod", "serverless" })
    void everyServiceAnswersTheSameBrowserOrigins(String overlay) throws Exception {
        Map<String, String> origins = new HashMap<>();
        serviceConfigMaps(overlay).forEach((name, data) -> origins.put(name, data.path("CORS_ORIGINS").asText()));
        assertEquals(ServiceConfig.SERVICES.keySet(), origins.keySet());
        assertEquals(1, origins.values().stream().distinct().count(), () -> "CORS_ORIGINS differ: " + origins);
        assertEquals("https://helpdesk.example.com", origins.get("chat-service"), "the Ingress host");
    }

    /** A service whose configuration names no trace collector records no trace: its exporter would warn at every batch. */
    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod", "serverless" })
    void aServiceWithNoCollectorRecordsNoTrace(String overlay) throws Exception {
        Map<String, JsonNode> configMaps = serviceConfigMaps(overlay);
        assertEquals(ServiceConfig.SERVICES.keySet(), configMaps.keySet());
        configMaps.forEach((name, data) -> {
            assertFalse(data.has("OTEL_EXPORTER_OTLP_ENDPOINT"), name + " in " + overlay + " names a collector");
            assertEquals("0.0", data.path("OTEL_TRACES_SAMPLER_ARG").asText(), name + " in " + overlay);
        });
    }

    /** The data of each service's ConfigMap in the overlay, by service. */
    private static Map<String, JsonNode> serviceConfigMaps(String overlay) throws Exception {
        Map<String, JsonNode> configMaps = new HashMap<>();
        for (JsonNode object : render(overlay)) {
            String name = object.path("metadata").path("name").asText();
            if (object.path("kind").asText().equals("ConfigMap") && ServiceConfig.SERVICES.containsKey(name)) {
                configMaps.put(name, object.path("data"));
            }
        }
        return configMaps;
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod", "serverless" })
    void configMapsSetOnlyVariablesTheServicesRead(String overlay) throws Exception {
        int checked = 0;
        for (JsonNode object : render(overlay)) {
            String name = object.path("metadata").path("name").asText();
            String kind = object.path("kind").asText();
            if ((kind.equals("ConfigMap") || kind.equals("Secret")) && ServiceConfig.SERVICES.containsKey(name)) {
                JsonNode data = kind.equals("ConfigMap") ? object.path("data") : object.path("stringData");
                var reads = ServiceConfig.variablesRead(name);
                data.fieldNames().forEachRemaining(variable ->
                        assertTrue(reads.contains(variable), name + " " + kind + " sets " + variable + ", which it never reads"));
                checked++;
            }
        }
        assertEquals(10, checked, "a ConfigMap and a Secret template per service");
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod", "serverless" })
    void everyServiceNamesTheProxiesWhoseForwardedAddressItBelieves(String overlay) throws Exception {
        List<JsonNode> objects = render(overlay);
        Map<String, JsonNode> configMaps = new HashMap<>();
        objects.stream().filter(o -> o.path("kind").asText().equals("ConfigMap"))
                .forEach(o -> configMaps.put(o.path("metadata").path("name").asText(), o.path("data")));
        int checked = 0;
        for (JsonNode object : workloads(objects)) {
            boolean knative = isKnative(object);
            String name = object.path("metadata").path("name").asText();
            String configMap = object.path("spec").path("template").path("spec").path("containers").get(0)
                    .path("envFrom").findPath("configMapRef").path("name").asText();
            assertTrue(configMaps.containsKey(configMap), name + " has no ConfigMap");
            String trusted = configMaps.get(configMap).path("HTTP_TRUSTED_PROXIES").asText();
            assertFalse(trusted.isBlank(), name + " trusts no proxy, so every client counts as the proxy's address");
            for (String entry : trusted.split(",")) {
                assertTrue(entry.trim().matches("[0-9A-Fa-f.:]+(/[0-9]{1,3})?"), name + ": " + entry + " is not an address or CIDR range");
            }
            if (knative) {
                // Only the queue-proxy sidecar talks to the container, on the pod's loopback.
                assertEquals("127.0.0.1", trusted, name);
                assertEquals("cluster-local", object.path("metadata").path("labels").path("networking.knative.dev/visibility").asText(),
                        name + " is reached only through the Ingress, which overwrites X-Forwarded-For");
            } else {
                assertFalse(trusted.contains("127.0.0.1"), name + " is reached by the ingress controller's pods, not its loopback");
            }
            checked++;
        }
        assertEquals(5, checked, "one workload per service");
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod", "serverless" })
    void trafficIsDeniedByDefaultAndRoutedByPath(String overlay) throws Exception {
        List<JsonNode> objects = render(overlay);
        assertTrue(objects.stream().anyMatch(o -> o.path("kind").asText().equals("NetworkPolicy")
                && o.path("metadata").path("name").asText().equals("default-deny")
                && o.path("spec").path("podSelector").isEmpty()), "default deny");
        JsonNode ingress = objects.stream().filter(o -> o.path("kind").asText().equals("Ingress")).findFirst().orElseThrow();
        List<String> paths = new ArrayList<>();
        ingress.path("spec").path("rules").get(0).path("http").path("paths").forEach(p -> paths.add(p.path("path").asText()));
        assertEquals(List.of("/v1/user", "/v1/tokens", "/v1/admin", "/.well-known", "/v1/ticket", "/v1/people",
                "/v1/analytics", "/v1/notifications", "/v1/chat"), paths);
        assertTrue(ingress.path("metadata").path("annotations").has("nginx.ingress.kubernetes.io/proxy-read-timeout"),
                "long WebSocket timeouts");
        if (overlay.equals("serverless")) {
            assertTrue(objects.stream().anyMatch(o -> o.path("kind").asText().equals("ScaledObject")), "KEDA for notifications");
        }
        // Every path reaches a Service that exists in this overlay, and the one that serves it.
        Map<String, String> owner = Map.of("/v1/user", "auth", "/v1/tokens", "auth", "/v1/admin", "auth", "/.well-known",
                "auth", "/v1/ticket", "ticket", "/v1/people", "ticket", "/v1/analytics", "analytics",
                "/v1/notifications", "notification", "/v1/chat", "chat");
        List<String> services = objects.stream().filter(o -> o.path("kind").asText().equals("Service"))
                .map(o -> o.path("metadata").path("name").asText()).toList();
        ingress.path("spec").path("rules").get(0).path("http").path("paths").forEach(p -> {
            String backend = p.path("backend").path("service").path("name").asText();
            assertTrue(services.contains(backend), p.path("path").asText() + " goes to " + backend + ", no Service of " + overlay);
            assertTrue(backend.startsWith(owner.get(p.path("path").asText())), p.path("path").asText() + " goes to " + backend);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod", "serverless" })
    void healthAndMetricsAreOnTheManagementPortWhichNothingRoutes(String overlay) throws Exception {
        List<JsonNode> objects = render(overlay);
        int checked = 0;
        for (JsonNode object : workloads(objects)) {
            boolean knative = isKnative(object);
            String name = object.path("metadata").path("name").asText();
            JsonNode template = object.path("spec").path("template");
            JsonNode container = template.path("spec").path("containers").get(0);
            for (String probe : knative ? List.of("readinessProbe", "livenessProbe")
                    : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                String port = container.path(probe).path("httpGet").path("port").asText();
                if (knative) {
                    assertEquals("9000", port, name + " " + probe);
                } else {
                    assertEquals("management", port, name + " " + probe);
                }
            }
            if (!knative) {
                boolean named = false;
                for (JsonNode port : container.path("ports")) {
                    named |= port.path("name").asText().equals("management") && port.path("containerPort").asInt() == 9000;
                }
                assertTrue(named, name + " names its management port");
            }
            JsonNode annotations = template.path("metadata").path("annotations");
            assertEquals("true", annotations.path("prometheus.io/scrape").asText(), name);
            assertEquals("9000", annotations.path("prometheus.io/port").asText(), name + " is scraped on the management port");
            assertEquals("/q/metrics", annotations.path("prometheus.io/path").asText(), name);
            checked++;
        }
        assertEquals(5, checked, "one workload per service");
        for (JsonNode object : objects) {
            if (object.path("kind").asText().equals("Service") && object.path("apiVersion").asText().equals("v1")) {
                object.path("spec").path("ports").forEach(port -> assertTrue(port.path("port").asInt() != 9000
                        && !port.path("targetPort").asText().equals("management"), object.path("metadata").path("name").asText()
                        + " exposes no management port"));
            }
        }
        JsonNode ingress = objects.stream().filter(o -> o.path("kind").asText().equals("Ingress")).findFirst().orElseThrow();
        ingress.path("spec").path("rules").get(0).path("http").path("paths").forEach(path -> {
            JsonNode port = path.path("backend").path("service").path("port");
            assertTrue(port.path("name").asText().equals("http") || port.path("number").asInt() == 80, path.toString());
            assertFalse(path.path("path").asText().startsWith("/q"), "the Ingress routes no /q/ path");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod", "serverless" })
    void theStoresAskForCredentialsThatComeFromSecrets(String overlay) throws Exception {
        List<JsonNode> objects = render(overlay);
        Map<String, JsonNode> secrets = new HashMap<>();
        Map<String, JsonNode> configMaps = new HashMap<>();
        Map<String, JsonNode> statefulSets = new HashMap<>();
        for (JsonNode object : objects) {
            String name = object.path("metadata").path("name").asText();
            switch (object.path("kind").asText()) {
                case "Secret" -> secrets.put(name, object.path("stringData"));
                case "ConfigMap" -> configMaps.put(name, object.path("data"));
                case "StatefulSet" -> statefulSets.put(name, object.path("spec").path("template").path("spec"));
                default -> { }
            }
        }
        for (String service : ServiceConfig.SERVICES.keySet()) {
            assertTrue(secrets.get(service).has("MONGODB_URI"), service + " MONGODB_URI (with its password) is a Secret");
            assertTrue(secrets.get(service).has("REDIS_URL"), service + " REDIS_URL (with the password) is a Secret");
            assertFalse(configMaps.get(service).has("MONGODB_URI"), service);
            assertFalse(configMaps.get(service).has("REDIS_URL"), service);
        }
        JsonNode mongoSecret = secrets.get("mongodb");
        for (String variable : List.of("MONGO_INITDB_ROOT_PASSWORD", "MONGODB_AUTH_PASSWORD", "MONGODB_TICKETS_PASSWORD",
                "MONGODB_ANALYTICS_PASSWORD", "MONGODB_NOTIFICATIONS_PASSWORD", "MONGODB_CHAT_PASSWORD")) {
            assertTrue(mongoSecret.has(variable), "the mongodb Secret template names " + variable);
            assertEquals("", mongoSecret.path(variable).asText(), "a template, no password in the repository");
        }
        assertEquals("", secrets.get("redis").path("REDIS_PASSWORD").asText(), "the redis Secret template");

        JsonNode mongodb = statefulSets.get("mongodb").path("containers").get(0);
        assertEquals("mongodb", mongodb.path("envFrom").findPath("secretRef").path("name").asText());
        assertTrue(mongodb.path("command").toString().contains("--keyFile"), "access control on (a replica set with a key file)");
        assertTrue(mongodb.path("readinessProbe").toString().contains("-u"), "the probe logs in");
        String initConfigMap = statefulSets.get("mongodb").path("volumes").findValuesAsText("name").stream()
                .filter(n -> n.startsWith("mongodb-init")).findFirst().orElseThrow();
        assertTrue(configMaps.get(initConfigMap).path("mongodb-users.js").asText().contains("role: 'readWrite', db: database"),
                "each service's user may use its own database only");
        JsonNode redis = statefulSets.get("redis").path("containers").get(0);
        assertEquals("redis", redis.path("envFrom").findPath("secretRef").path("name").asText());
        assertTrue(redis.path("command").toString().contains("requirepass"), "Redis asks for a password");
        if (overlay.equals("serverless")) {
            objects.stream().filter(o -> o.path("kind").asText().equals("ScaledObject")).forEach(scaled ->
                    scaled.path("spec").path("triggers").forEach(trigger ->
                            assertEquals("redis", trigger.path("authenticationRef").path("name").asText(), "KEDA logs in to Redis")));
        }
    }

    private static List<JsonNode> render(String overlay) throws IOException, InterruptedException {
        Path kubectl = java.util.stream.Stream.of("/usr/bin/kubectl", "/usr/local/bin/kubectl").map(Path::of)
                .filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(kubectl != null, "kubectl is not installed");
        Process process = new ProcessBuilder(kubectl.toString(), "kustomize",
                ServiceConfig.ROOT.resolve("k8s/overlays").resolve(overlay).toString()).redirectErrorStream(true).start();
        String rendered = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, rendered);
        List<JsonNode> objects = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (Object document : new Yaml().loadAll(rendered)) {
            if (document instanceof Map<?, ?>) {
                objects.add(json.valueToTree(document));
            }
        }
        return objects;
    }

    /** The services' Deployments and Knative Services: what runs Helpdesk code. */
    private static List<JsonNode> workloads(List<JsonNode> objects) {
        return objects.stream().filter(o -> isKnative(o) || o.path("kind").asText().equals("Deployment")
                && o.path("metadata").path("labels").path("part-of").asText().equals("helpdesk")).toList();
    }

    private static boolean isKnative(JsonNode object) {
        return object.path("kind").asText().equals("Service")
                && object.path("apiVersion").asText().startsWith("serving.knative.dev");
    }
}
