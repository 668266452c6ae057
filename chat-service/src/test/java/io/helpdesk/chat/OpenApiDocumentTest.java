package io.helpdesk.chat;

import io.helpdesk.platform.testing.contract.OpenApiDocumentContractTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OpenApiDocumentTest extends OpenApiDocumentContractTest {
}
