package io.helpdesk.analytics;

import java.util.List;

import io.helpdesk.platform.testing.contract.MetricsContractTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class MetricsTest extends MetricsContractTest {

    @Override
    protected List<String> documentedSeries() {
        return List.of(
                "helpdesk_analytics_cache_total{result=\"hit\"}",
                "helpdesk_analytics_cache_total{result=\"miss\"}",
                "helpdesk_analytics_ticket_client_fallback_total",
                "helpdesk_analytics_report_failed_total",
                "helpdesk_stream_handled_total{stream=\"events.tickets\"}",
                "helpdesk_stream_failed_total{stream=\"events.tickets\"}",
                "helpdesk_stream_dead_total{stream=\"events.tickets\"}",
                "helpdesk_stream_skipped_total{stream=\"events.tickets\"}",
                "helpdesk_stream_lag{stream=\"events.tickets\"}",
                "helpdesk_stream_pending{stream=\"events.tickets\"}",
                "helpdesk_stream_dead_length{stream=\"events.tickets\"}",
                "helpdesk_stream_handled_total{stream=\"events.users\"}",
                "helpdesk_stream_failed_total{stream=\"events.users\"}",
                "helpdesk_stream_dead_total{stream=\"events.users\"}",
                "helpdesk_stream_skipped_total{stream=\"events.users\"}",
                "helpdesk_stream_lag{stream=\"events.users\"}",
                "helpdesk_stream_pending{stream=\"events.users\"}",
                "helpdesk_stream_dead_length{stream=\"events.users\"}",
                "helpdesk_outbox_published_total{stream=\"notifications.requests\"}",
                "helpdesk_outbox_deferred_total{collection=\"report_runs\"}",
                "helpdesk_outbox_failed_total{collection=\"report_runs\"}");
    }
}
