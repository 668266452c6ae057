package io.helpdesk.ticket;

import io.helpdesk.platform.testing.contract.HeadersContractTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SecurityHeadersTest extends HeadersContractTest {
}
