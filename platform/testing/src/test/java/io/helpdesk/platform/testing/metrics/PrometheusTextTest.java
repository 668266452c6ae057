package io.helpdesk.platform.testing.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrometheusTextTest {

    private static final String HISTOGRAM = """
            # HELP http_server_requests_seconds HTTP server requests
            # TYPE http_server_requests_seconds histogram
            http_server_requests_seconds_bucket{method="GET",uri="/a",le="0.005",} 1.0
            http_server_requests_seconds_bucket{method="GET",uri="/a",le="0.5",} 3.0
            http_server_requests_seconds_bucket{method="GET",uri="/a",le="+Inf",} 4.0
            http_server_requests_seconds_count{method="GET",uri="/a",} 4.0
            http_server_requests_seconds_sum{method="GET",uri="/a",} 1.25
            """;

    @Test
    void readsFamiliesWithHelpTypeAndSamples() {
        PrometheusText text = PrometheusText.parse("""
                # HELP helpdesk_stream_handled_total Stream messages handled\\nper stream, with a \\\\ backslash
                # TYPE helpdesk_stream_handled_total counter
                helpdesk_stream_handled_total{stream="events.users",} 3.0
                helpdesk_stream_handled_total{stream="a \\"quoted\\" \\\\ name\\n"} 0 1700000000000
                # a comment
                
                # TYPE up gauge
                up NaN
                """);
        assertEquals(2, text.families().size());
        PrometheusText.Family handled = text.family("helpdesk_stream_handled_total").orElseThrow();
        assertEquals("Stream messages handled\nper stream, with a \\ backslash", handled.help());
        assertEquals(PrometheusText.Type.COUNTER, handled.type());
        assertEquals(2, handled.samples().size());
        assertEquals(Map.of("stream", "a \"quoted\" \\ name\n"), handled.samples().get(1).labels());
        assertEquals(1700000000000L, handled.samples().get(1).timestamp());
        PrometheusText.Family up = text.family("up").orElseThrow();
        assertNull(up.help());
        assertTrue(Double.isNaN(up.samples().get(0).value()));
    }

    @Test
    void readsAHistogramAsOneFamily() {
        PrometheusText text = PrometheusText.parse(HISTOGRAM);
        assertEquals(1, text.families().size());
        assertEquals(5, text.family("http_server_requests_seconds").orElseThrow().samples().size());
        assertEquals(3, text.samples("http_server_requests_seconds_bucket").size());
    }

    @Test
    void aSampleWithoutTypeIsUntyped() {
        PrometheusText.Family f = PrometheusText.parse("x 1\n").family("x").orElseThrow();
        assertFalse(f.typeDeclared());
        assertEquals(PrometheusText.Type.UNTYPED, f.type());
    }

    @Test
    void readsSpecialValuesAndBlanks() {
        PrometheusText text = PrometheusText.parse("a +Inf\nb\t-Inf\nc  1e-3\nd -0.5\n");
        assertEquals(List.of(Double.POSITIVE_INFINITY), text.samples("a").stream().map(PrometheusText.Sample::value).toList());
        assertEquals(Double.NEGATIVE_INFINITY, text.samples("b").get(0).value());
        assertEquals(0.001, text.samples("c").get(0).value());
        assertEquals(-0.5, text.samples("d").get(0).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "x 1", // no final line feed
            "x{a=\"1\"} 1\n# TYPE x counter\n", // TYPE after samples
            "# TYPE x counter\n# TYPE x counter\nx 1\n", // TYPE twice
            "# HELP x a\n# HELP x b\nx 1\n", // HELP twice
            "# TYPE x countr\nx 1\n", // unknown type
            "# TYPE x Counter\nx 1\n", // types are lower case
            "# HELP x bad \\t escape\nx 1\n",
            "x{a=\"1\"} 1\ny 1\nx{a=\"2\"} 1\n", // a family in two groups
            "x{a=\"1\"} 1\nx{a=\"1\"} 2\n", // a series twice
            "x{a=\"1\",b=\"2\"} 1\nx{b=\"2\",a=\"1\"} 2\n", // the same series, labels reordered
            "x{a=\"1\",a=\"2\"} 1\n", // a label twice
            "x{__a=\"1\"} 1\n", // reserved label name
            "x{1a=\"1\"} 1\n", // bad label name
            "x{a=1} 1\n", // unquoted value
            "x{a=\"1\" 1\n", // unclosed braces
            "x{a=\"1} 1\n", // unclosed string
            "x{a=\"\\x\"} 1\n", // bad escape in a value
            "x one\n", // not a number
            "x 1 2.5\n", // fractional timestamp
            "x 1 2 3\n", // text after the timestamp
            "x{a=\"1\"}1\n", // no blank before the value
            "1x 1\n", // bad metric name
            "x\n", // no value
            "# HELP 1x text\n", // bad name in HELP
    })
    void refusesWhatTheFormatForbids(String text) {
        assertThrows(PrometheusText.FormatException.class, () -> PrometheusText.parse(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // no +Inf bucket
            "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_count 1\nh_sum 1\n",
            // +Inf differs from _count
            "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 1\nh_sum 1\n",
            // counts fall as le grows
            "# TYPE h histogram\nh_bucket{le=\"1\"} 3\nh_bucket{le=\"+Inf\"} 2\nh_count 2\nh_sum 1\n",
            // a bucket without le
            "# TYPE h histogram\nh_bucket 1\n",
            // le on the count
            "# TYPE h histogram\nh_count{le=\"1\"} 1\n",
            // a bare sample
            "# TYPE h histogram\nh 1\n",
            // le not a number
            "# TYPE h histogram\nh_bucket{le=\"x\"} 1\n",
            // a summary sample without quantile
            "# TYPE s summary\ns 1\n",
    })
    void refusesBrokenHistogramsAndSummaries(String text) {
        assertThrows(PrometheusText.FormatException.class, () -> PrometheusText.parse(text), text);
    }

    @Test
    void theErrorNamesTheLine() {
        PrometheusText.FormatException e = assertThrows(PrometheusText.FormatException.class,
                () -> PrometheusText.parse("a 1\nb 2\nc{ 3\n"));
        assertTrue(e.getMessage().startsWith("line 3:"), e.getMessage());
    }

    @Test
    void aSummaryKeepsItsQuantiles() {
        PrometheusText text = PrometheusText.parse("""
                # TYPE s summary
                s{quantile="0.5"} 1
                s_sum 3
                s_count 2
                """);
        assertEquals(3, text.family("s").orElseThrow().samples().size());
    }
}
