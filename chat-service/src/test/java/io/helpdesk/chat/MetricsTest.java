package io.helpdesk.chat;

import java.util.List;

import io.helpdesk.platform.testing.contract.MetricsContractTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class MetricsTest extends MetricsContractTest {

    @Override
    protected List<String> documentedSeries() {
        return List.of(
                "helpdesk_chat_ticket_access_refused_total",
                "helpdesk_chat_ticket_access_fallback_total",
                "helpdesk_chat_sockets_revoked_total",
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
                "helpdesk_stream_dead_length{stream=\"events.users\"}");
    }
}
