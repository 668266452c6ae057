package io.helpdesk.ticket;

import java.util.List;

import io.helpdesk.platform.testing.contract.MetricsContractTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class MetricsTest extends MetricsContractTest {

    @Override
    protected List<String> documentedSeries() {
        return List.of(
                "helpdesk_tickets_sla_failed_total",
                "helpdesk_tickets_import_failed_total",
                "helpdesk_stream_handled_total{stream=\"events.users\"}",
                "helpdesk_stream_failed_total{stream=\"events.users\"}",
                "helpdesk_stream_dead_total{stream=\"events.users\"}",
                "helpdesk_stream_skipped_total{stream=\"events.users\"}",
                "helpdesk_stream_lag{stream=\"events.users\"}",
                "helpdesk_stream_pending{stream=\"events.users\"}",
                "helpdesk_stream_dead_length{stream=\"events.users\"}",
                "helpdesk_outbox_published_total{stream=\"events.tickets\"}",
                "helpdesk_outbox_deferred_total{collection=\"tickets\"}",
                "helpdesk_outbox_failed_total{collection=\"tickets\"}",
                "helpdesk_outbox_deferred_total{collection=\"import_jobs\"}",
                "helpdesk_outbox_failed_total{collection=\"import_jobs\"}");
    }
}
