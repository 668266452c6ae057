package io.helpdesk.auth;

import io.helpdesk.platform.testing.contract.CorsContractTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class CorsTest extends CorsContractTest {
}
