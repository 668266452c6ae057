package io.helpdesk.auth;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class AdminSessionIT extends AdminSessionTest {
}
