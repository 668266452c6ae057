package io.helpdesk.platform.testing.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PromQlTest {

    @Test
    void namesTheMetricsOfAQuantileOverAHistogram() {
        assertEquals(Set.of("http_server_requests_seconds_bucket"), PromQl.metricNames("""
                histogram_quantile(0.95, sum by (app, le) (
                  rate(http_server_requests_seconds_bucket{uri!~"/q/.*", status!="101"}[5m])))
                > 0.5"""));
    }

    @Test
    void namesBothSidesOfARatioAndSkipsLabelLists() {
        assertEquals(Set.of("http_server_requests_seconds_count", "up"), PromQl.metricNames("""
                sum without (instance, pod) (rate(http_server_requests_seconds_count{status=~"5.."}[5m]))
                / on (app) group_left sum by (app) (rate(http_server_requests_seconds_count[5m])) > 0.05
                and on (app) up == 1"""));
    }

    @Test
    void acceptsGrafanaVariablesSubqueriesOffsetsAndComments() {
        assertEquals(Set.of("helpdesk_stream_lag", "helpdesk_stream_dead_total"), PromQl.metricNames("""
                max by (stream) (max_over_time(helpdesk_stream_lag{app=~"$app"}[$__rate_interval]))  # lag
                + sum(increase(helpdesk_stream_dead_total[1h:5m] offset 1d)) * 0 + rate(helpdesk_stream_dead_total[${window}])"""));
    }

    @Test
    void namesTheLabelsEachSelectorMatchesOn() {
        assertEquals(Map.of("x", Set.of("a", "b"), "y", Set.of()),
                PromQl.selectors("sum by (c) (rate(x{a=\"1\"}[5m])) / on (d) y + x{b!~\"2\"}"));
    }

    @Test
    void aBareSelectorAndNumbersAreFine() {
        assertEquals(Set.of("helpdesk_stream_dead_length"), PromQl.metricNames("helpdesk_stream_dead_length > 0"));
        assertEquals(Set.of(), PromQl.metricNames("vector(1) + 0x1F - 1e3 * Inf"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "rate(x[5m]", // unclosed paren
            "rate(x[5m]))", // one paren too many
            "sum(rate(x[5m)))", // ] and ) crossed
            "x{a=\"1\"", // unclosed braces
            "x{a=\"1}", // unclosed string
            "x{a=1}", // unquoted value
            "x{a~\"1\"}", // no such matcher
            "x{a=\"1\" b=\"2\"}", // no comma
            "rates(x[5m])", // no such function
            "rate", // function without arguments
            "sum by app (x)", // by without a list
            "sum by (app x) (x)", // label list without a comma
            "sum by (\"app\") (x)", // label list with a string
            "rate(x[5])", // duration without unit
            "rate(x[5m:1m:1m])", // too many colons
            "x $app", // a variable outside a string or range
            "x ! y", // no such operator
    })
    void refusesWhatIsNotPromQl(String expression) {
        assertThrows(PromQl.SyntaxException.class, () -> PromQl.check(expression), expression);
    }
}
