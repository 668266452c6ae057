package io.helpdesk.auth;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class TokenIT extends TokenTest {
}
