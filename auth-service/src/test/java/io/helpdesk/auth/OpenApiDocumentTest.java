package io.helpdesk.auth;

import io.helpdesk.platform.testing.contract.OpenApiDocumentContractTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OpenApiDocumentTest extends OpenApiDocumentContractTest {
}
