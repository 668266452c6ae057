package io.helpdesk.ticket;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class TicketAccessIT extends TicketAccessTest {
}
