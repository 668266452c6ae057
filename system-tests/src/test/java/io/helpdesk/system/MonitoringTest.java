package io.helpdesk.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.helpdesk.platform.testing.metrics.PromQl;
import io.helpdesk.platform.testing.metrics.PrometheusText;

/**
 * The Grafana dashboard and the Prometheus alert rules of {@code k8s/monitoring}: every alert has an
 * expression that is PromQL, a {@code for}, a severity and a summary and description; every dashboard
 * panel has queries that are PromQL; the kustomization builds; and every metric the rules and panels
 * select, with every label their matchers test, is exposed by the running services' {@code /q/metrics}
 * (the whole system as {@link SystemStack} runs it), so neither can drift from the metrics.
 */
class MonitoringTest {

    private static final Path MONITORING = ServiceConfig.ROOT.resolve("k8s/monitoring");
    /** Labels Prometheus attaches when it scrapes (the PodMonitor's podTargetLabels and its own). */
    private static final Set<String> TARGET_LABELS = Set.of("namespace", "app", "pod", "instance", "job", "container");
    private static final Pattern DURATION = Pattern.compile("([0-9]+(ms|s|m|h|d|w|y))+");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyAlertHasAnExpressionADurationASeverityAndItsText() throws IOException {
        List<JsonNode> rules = rules();
        assertTrue(rules.size() >= 8, "error rate, latency, stream lag and dead-letter alerts: " + rules.size());
        Set<String> names = new HashSet<>();
        for (JsonNode rule : rules) {
            String alert = rule.path("alert").asText();
            assertTrue(alert.matches("Helpdesk[A-Z][A-Za-z0-9]+"), "alert name " + alert);
            assertTrue(names.add(alert), "one alert named " + alert);
            PromQl.check(rule.path("expr").asText());
            assertTrue(DURATION.matcher(rule.path("for").asText()).matches(), alert + " for: " + rule.path("for"));
            assertTrue(Set.of("critical", "warning", "info").contains(rule.path("labels").path("severity").asText()),
                    alert + " severity");
            assertFalse(rule.path("annotations").path("summary").asText().isBlank(), alert + " summary");
            assertFalse(rule.path("annotations").path("description").asText().isBlank(), alert + " description");
        }
        Set<String> used = new TreeSet<>();
        rules.forEach(rule -> used.addAll(PromQl.metricNames(rule.path("expr").asText())));
        assertTrue(used.containsAll(Set.of("http_server_requests_seconds_count", "http_server_requests_seconds_bucket",
                "helpdesk_stream_lag", "helpdesk_stream_dead_total")), "error rate, latency SLO, stream lag, dead letters: " + used);
    }

    @Test
    void everyPanelQueriesPrometheusWithPromQl() throws IOException {
        JsonNode dashboard = dashboard();
        assertFalse(dashboard.path("uid").asText().isBlank());
        assertFalse(dashboard.path("title").asText().isBlank());
        Set<Integer> ids = new HashSet<>();
        int queried = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            assertTrue(ids.add(panel.path("id").asInt()), "one panel with id " + panel.path("id"));
            JsonNode grid = panel.path("gridPos");
            assertTrue(grid.path("x").asInt() + grid.path("w").asInt() <= 24 && grid.path("h").asInt() > 0,
                    panel.path("title") + " fits the 24-column grid");
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertFalse(panel.path("title").asText().isBlank(), "panel " + panel.path("id") + " has a title");
            assertEquals("${datasource}", panel.path("datasource").path("uid").asText(), panel.path("title").asText());
            Set<String> refIds = new HashSet<>();
            assertFalse(panel.path("targets").isEmpty(), panel.path("title") + " has queries");
            for (JsonNode target : panel.path("targets")) {
                assertTrue(refIds.add(target.path("refId").asText()), panel.path("title") + " refIds");
                PromQl.check(target.path("expr").asText());
                queried++;
            }
        }
        assertTrue(queried >= 10, "panels with queries: " + queried);
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                Matcher m = LABEL_VALUES.matcher(variable.path("query").path("query").asText());
                assertTrue(m.matches(), variable.path("name") + " is label_values(selector, label)");
                PromQl.check(m.group(1));
            }
        }
    }

    @Test
    void theMonitoringKustomizationBuildsWithTheDashboardForTheGrafanaSidecar() throws Exception {
        Path kubectl = java.util.stream.Stream.of("/usr/bin/kubectl", "/usr/local/bin/kubectl").map(Path::of)
                .filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(kubectl != null, "kubectl is not installed");
        Process process = new ProcessBuilder(kubectl.toString(), "kustomize", MONITORING.toString())
                .redirectErrorStream(true).start();
        String rendered = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, rendered);
        Map<String, JsonNode> byKind = new LinkedHashMap<>();
        for (Object document : new Yaml().loadAll(rendered)) {
            JsonNode object = JSON.valueToTree(document);
            byKind.put(object.path("kind").asText(), object);
            assertEquals("helpdesk", object.path("metadata").path("namespace").asText(), object.path("kind").asText());
        }
        assertEquals(Set.of("ConfigMap", "PodMonitor", "PrometheusRule"), byKind.keySet());
        JsonNode configMap = byKind.get("ConfigMap");
        assertEquals("1", configMap.path("metadata").path("labels").path("grafana_dashboard").asText());
        assertEquals(dashboard(), JSON.readTree(configMap.path("data").path("helpdesk-dashboard.json").asText()));
        JsonNode endpoint = byKind.get("PodMonitor").path("spec").path("podMetricsEndpoints").get(0);
        assertEquals("management", endpoint.path("port").asText());
        assertEquals("/q/metrics", endpoint.path("path").asText());
        assertEquals("helpdesk", byKind.get("PodMonitor").path("spec").path("selector").path("matchLabels").path("part-of").asText());
        assertEquals("app", byKind.get("PodMonitor").path("spec").path("podTargetLabels").get(0).asText());
    }

    @Test
    void everyMetricAndLabelTheRulesAndTheDashboardUseIsExposedByTheServices() throws IOException {
        Map<String, Set<String>> wanted = new TreeMap<>();
        List<String> expressions = new ArrayList<>();
        rules().forEach(rule -> expressions.add(rule.path("expr").asText()));
        for (JsonNode panel : dashboard().path("panels")) {
            panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText()));
        }
        for (JsonNode variable : dashboard().path("templating").path("list")) {
            Matcher m = LABEL_VALUES.matcher(variable.path("query").path("query").asText());
            if (m.matches()) {
                expressions.add(m.group(1));
            }
        }
        for (String expression : expressions) {
            PromQl.selectors(expression).forEach((metric, labels) ->
                    wanted.computeIfAbsent(metric, k -> new TreeSet<>()).addAll(labels));
        }

        SystemStack stack = SystemStack.shared();
        Map<String, Set<String>> exposed = new TreeMap<>();
        for (String service : List.of(SystemStack.AUTH, SystemStack.TICKET, SystemStack.ANALYTICS,
                SystemStack.NOTIFICATION, SystemStack.CHAT)) {
            // One request, so the request histogram has series.
            given().when().get(stack.url(service) + "/v1/no-such-route").then().statusCode(404);
            String text = given().accept("text/plain").when().get(stack.url(service) + "/q/metrics").then()
                    .statusCode(200).extract().asString();
            for (PrometheusText.Family family : PrometheusText.parse(text).families()) {
                for (PrometheusText.Sample sample : family.samples()) {
                    exposed.computeIfAbsent(sample.name(), k -> new TreeSet<>()).addAll(sample.labels().keySet());
                }
            }
        }
        List<String> missing = new ArrayList<>();
        wanted.forEach((metric, labels) -> {
            if (!exposed.containsKey(metric)) {
                missing.add(metric);
                return;
            }
            for (String label : labels) {
                if (!TARGET_LABELS.contains(label) && !exposed.get(metric).contains(label)) {
                    missing.add(metric + "{" + label + "}");
                }
            }
        });
        assertEquals(List.of(), missing, "used by the alerts or the dashboard but exposed by no service");
    }

    private static List<JsonNode> rules() throws IOException {
        JsonNode rule = JSON.valueToTree(new Yaml().load(Files.readString(MONITORING.resolve("prometheus-rule.yaml"))));
        assertEquals("PrometheusRule", rule.path("kind").asText());
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode group : rule.path("spec").path("groups")) {
            assertFalse(group.path("name").asText().isBlank(), "every group has a name");
            group.path("rules").forEach(rules::add);
        }
        return rules;
    }

    private static JsonNode dashboard() throws IOException {
        return JSON.readTree(MONITORING.resolve("helpdesk-dashboard.json").toFile());
    }
}
