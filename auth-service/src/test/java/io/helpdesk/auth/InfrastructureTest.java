package io.helpdesk.auth;

import io.helpdesk.platform.testing.contract.InfrastructureContractTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class InfrastructureTest extends InfrastructureContractTest {
}
