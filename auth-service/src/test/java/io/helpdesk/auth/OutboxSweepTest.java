package io.helpdesk.auth;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.helpdesk.platform.events.OutboxRelay;
import io.quarkus.test.junit.QuarkusTest;

/** The one sweeper finds both collections whose documents carry events: accounts and reset codes. */
@QuarkusTest
class OutboxSweepTest {

    @Inject
    OutboxRelay relay;

    @Test
    void accountsAndResetCodesAreSwept() {
        assertTrue(relay.collections().containsAll(List.of("auth.users", "auth.otps")), relay.collections().toString());
    }
}
