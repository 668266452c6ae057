package io.helpdesk.notification;

import java.util.List;

import io.helpdesk.platform.testing.contract.MetricsContractTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class MetricsTest extends MetricsContractTest {

    @Override
    protected List<String> documentedSeries() {
        return List.of(
                "helpdesk_notifications_total{outcome=\"sent\",channel=\"EMAIL\",template=\"welcome\"}",
                "helpdesk_notifications_total{outcome=\"failed\",channel=\"EMAIL\",template=\"reset-otp\"}",
                "helpdesk_notifications_total{outcome=\"dead\",channel=\"EMAIL\",template=\"ticket-created\"}",
                "helpdesk_notifications_total{outcome=\"suppressed\",channel=\"EMAIL\",template=\"reset-otp\"}",
                "helpdesk_stream_handled_total{stream=\"events.users\"}",
                "helpdesk_stream_failed_total{stream=\"events.users\"}",
                "helpdesk_stream_dead_total{stream=\"events.users\"}",
                "helpdesk_stream_skipped_total{stream=\"events.users\"}",
                "helpdesk_stream_lag{stream=\"events.users\"}",
                "helpdesk_stream_pending{stream=\"events.users\"}",
                "helpdesk_stream_dead_length{stream=\"events.users\"}",
                "helpdesk_stream_handled_total{stream=\"events.tickets\"}",
                "helpdesk_stream_failed_total{stream=\"events.tickets\"}",
                "helpdesk_stream_dead_total{stream=\"events.tickets\"}",
                "helpdesk_stream_skipped_total{stream=\"events.tickets\"}",
                "helpdesk_stream_lag{stream=\"events.tickets\"}",
                "helpdesk_stream_pending{stream=\"events.tickets\"}",
                "helpdesk_stream_dead_length{stream=\"events.tickets\"}",
                "helpdesk_stream_handled_total{stream=\"notifications.requests\"}",
                "helpdesk_stream_failed_total{stream=\"notifications.requests\"}",
                "helpdesk_stream_dead_total{stream=\"notifications.requests\"}",
                "helpdesk_stream_skipped_total{stream=\"notifications.requests\"}",
                "helpdesk_stream_lag{stream=\"notifications.requests\"}",
                "helpdesk_stream_pending{stream=\"notifications.requests\"}",
                "helpdesk_stream_dead_length{stream=\"notifications.requests\"}");
    }
}
