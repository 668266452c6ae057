package io.helpdesk.chat;

import io.helpdesk.platform.testing.contract.AuthenticationContractTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class AuthenticationTest extends AuthenticationContractTest {
}
