package io.helpdesk.notification;

import io.helpdesk.platform.testing.contract.InfrastructureContractTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class InfrastructureTest extends InfrastructureContractTest {
}
