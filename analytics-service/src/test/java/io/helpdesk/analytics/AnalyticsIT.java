package io.helpdesk.analytics;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class AnalyticsIT extends AnalyticsTest {
}
