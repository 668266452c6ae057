package io.helpdesk.ticket;

import io.helpdesk.platform.testing.contract.ProblemContractTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ProblemResponsesTest extends ProblemContractTest {
}
