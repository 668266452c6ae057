package io.helpdesk.platform.testing.contract;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.helpdesk.platform.testing.metrics.PrometheusText;
import io.helpdesk.platform.web.metrics.HttpServerHistograms;

/**
 * What {@code /q/metrics} promises a Prometheus server, in every service: the text parses strictly as
 * the exposition format 0.0.4; every project metric ({@code helpdesk_*} and the HTTP server histogram)
 * has a HELP text and a TYPE; request latency is a histogram with the buckets of
 * {@link HttpServerHistograms}, tagged by route template; the series the service documents exist from
 * the start (at 0 until something happens); and the service README's "Metrics" section names only
 * metrics that exist, and every {@code helpdesk_*} metric the service exposes is named there or in a
 * platform module's README. A service's test extends this with {@code @QuarkusTest}.
 */
public abstract class MetricsContractTest {

    private static final Pattern METRIC_IN_TEXT = Pattern.compile("helpdesk_[a-z0-9_]*[a-z0-9]");

    /**
     * The series this service documents, as Prometheus selectors ({@code name} or
     * {@code name{label="value",...}}): each must be exposed right after start, with at least these labels.
     */
    protected abstract List<String> documentedSeries();

    @Test
    public void theMetricsParseStrictlyAsThePrometheusTextFormat() {
        PrometheusText metrics = scrape();
        assertFalse(metrics.families().isEmpty());
        List<String> summaries = metrics.families().stream().filter(f -> f.type() == PrometheusText.Type.SUMMARY)
                .map(PrometheusText.Family::name).toList();
        for (PrometheusText.Family family : metrics.families()) {
            // The one untyped shape allowed: Micrometer writes a LongTaskTimer (the Redis client's
            // connections) as "# TYPE x summary" followed by x_active_count and x_duration_sum, which
            // Prometheus reads as two untyped series.
            boolean longTaskTimer = summaries.stream().anyMatch(
                    x -> family.name().equals(x + "_active_count") || family.name().equals(x + "_duration_sum"));
            assertTrue(family.typeDeclared() || longTaskTimer, family.name() + " has a # TYPE");
        }
    }

    @Test
    public void everyProjectMetricHasHelpAndType() {
        List<String> missing = new ArrayList<>();
        for (PrometheusText.Family family : scrape().families()) {
            if (projectMetric(family.name()) && (family.help() == null || family.help().isBlank() || !family.typeDeclared())) {
                missing.add(family.name());
            }
        }
        assertEquals(List.of(), missing, "project metrics without a HELP text or a TYPE");
    }

    @Test
    public void requestLatencyIsAHistogramWithTheServiceLevelBuckets() {
        given().queryParam("size", 10).when().get("/test-probe/page").then().statusCode(200);
        String unknown = "/v1/no-such-route-" + UUID.randomUUID();
        given().when().get(unknown).then().statusCode(404);

        PrometheusText metrics = scrape();
        PrometheusText.Family histogram = metrics.family("http_server_requests_seconds").orElseThrow(
                () -> new AssertionError("no http_server_requests_seconds family"));
        assertEquals(PrometheusText.Type.HISTOGRAM, histogram.type());
        Set<Double> bounds = new TreeSet<>();
        for (PrometheusText.Sample bucket : metrics.samples("http_server_requests_seconds_bucket")) {
            if (bucket.has(Map.of("uri", "/test-probe/page", "method", "GET", "status", "200"))) {
                bounds.add(bound(bucket.labels().get("le")));
            }
        }
        Set<Double> expected = new TreeSet<>();
        HttpServerHistograms.BUCKETS.forEach(b -> expected.add(b.toNanos() / 1e9));
        expected.add(Double.POSITIVE_INFINITY);
        assertEquals(expected, bounds, "the buckets of GET /test-probe/page");
        for (PrometheusText.Sample sample : histogram.samples()) {
            String uri = sample.labels().getOrDefault("uri", "");
            assertFalse(uri.contains("no-such-route"), "an unmatched path is no uri value: " + uri);
        }
    }

    @Test
    public void theDocumentedSeriesExistFromTheStart() {
        PrometheusText metrics = scrape();
        List<String> absent = new ArrayList<>();
        for (String selector : documentedSeries()) {
            PrometheusText.Sample wanted = PrometheusText.parse(selector + " 0\n").families().get(0).samples().get(0);
            if (metrics.samples(wanted.name()).stream().noneMatch(s -> s.has(wanted.labels()))) {
                absent.add(selector);
            }
        }
        assertEquals(List.of(), absent, "documented series missing from /q/metrics");
    }

    @Test
    public void theReadmeNamesOnlyMetricsThatExistAndEveryMetricExposedIsNamed() {
        PrometheusText metrics = scrape();
        Set<String> exposed = new TreeSet<>();
        for (PrometheusText.Family family : metrics.families()) {
            family.samples().forEach(s -> exposed.add(s.name()));
            if (!family.samples().isEmpty()) {
                exposed.add(family.name());
            }
        }
        Set<String> ownNames = namesIn(metricsSection(Path.of("README.md")));
        Set<String> notExposed = new TreeSet<>(ownNames);
        notExposed.removeAll(exposed);
        assertEquals(Set.of(), notExposed, "README.md names metrics this service does not expose");

        Set<String> documented = new TreeSet<>(ownNames);
        try (Stream<Path> modules = Files.list(Path.of("..", "platform"))) {
            modules.map(m -> m.resolve("README.md")).filter(Files::isRegularFile)
                    .forEach(readme -> documented.addAll(namesIn(metricsSection(readme))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> undocumented = metrics.families().stream().map(PrometheusText.Family::name)
                .filter(name -> name.startsWith("helpdesk_")).filter(name -> !documented.contains(name))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), undocumented, "helpdesk_* metrics named in no README's Metrics section");
    }

    /** The metrics of the project: its own and the HTTP server histogram it configures. */
    protected static boolean projectMetric(String family) {
        return family.startsWith("helpdesk_") || family.startsWith("http_server_requests_seconds");
    }

    /** {@code /q/metrics} as Prometheus reads it ({@code Accept: text/plain}, format 0.0.4), parsed strictly. */
    protected static PrometheusText scrape() {
        String text = given().accept("text/plain").when().get("/q/metrics").then().statusCode(200)
                .extract().asString();
        return PrometheusText.parse(text);
    }

    private static double bound(String le) {
        return le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
    }

    /** The text under a README's "## Metrics" heading, up to the next heading of that level; empty when none. */
    static String metricsSection(Path readme) {
        try {
            String text = Files.readString(readme);
            Matcher start = Pattern.compile("(?m)^## Metrics\\s*$").matcher(text);
            if (!start.find()) {
                return "";
            }
            Matcher end = Pattern.compile("(?m)^## ").matcher(text);
            return end.find(start.end()) ? text.substring(start.end(), end.start()) : text.substring(start.end());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> namesIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC_IN_TEXT.matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }
}
