package io.helpdesk.auth;

import java.util.List;

import io.helpdesk.platform.testing.contract.MetricsContractTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class MetricsTest extends MetricsContractTest {

    @Override
    protected List<String> documentedSeries() {
        return List.of(
                "helpdesk_auth_audit_total{type=\"LOGIN_SUCCEEDED\"}",
                "helpdesk_auth_audit_total{type=\"LOGIN_FAILED\"}",
                "helpdesk_auth_audit_total{type=\"ACCOUNT_LOCKED\"}",
                "helpdesk_auth_audit_total{type=\"REFRESH_REUSE_DETECTED\"}",
                "helpdesk_outbox_published_total{stream=\"events.users\"}",
                "helpdesk_outbox_deferred_total{collection=\"users\"}",
                "helpdesk_outbox_failed_total{collection=\"users\"}",
                "helpdesk_outbox_deferred_total{collection=\"otps\"}",
                "helpdesk_outbox_failed_total{collection=\"otps\"}");
    }
}
