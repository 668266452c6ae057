package io.helpdesk.notification;

import io.helpdesk.platform.testing.contract.CorsContractTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class CorsTest extends CorsContractTest {
}
