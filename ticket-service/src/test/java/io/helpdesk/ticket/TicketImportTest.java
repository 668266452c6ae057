package io.helpdesk.ticket;

import io.quarkus.test.junit.QuarkusTest;

/** The import suite on the GridFS backend, the default. */
@QuarkusTest
class TicketImportTest extends ImportSuite {
}
