package io.helpdesk.auth.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The hourly sweep drops retired refresh tokens whose record expired (a day before, as it does sessions). */
@QuarkusTest
class RetiredRefreshTokenSweepTest {

    @Inject
    SessionService service;

    @Inject
    RetiredRefreshTokenRepository retired;

    @Test
    void theSweepDeletesExpiredRecordsAndKeepsTheRest() {
        String session = UUID.randomUUID().toString();
        Instant now = Instant.now();
        retired.record(List.of("expired-two-days-ago-" + session), session, now.minus(Duration.ofDays(2)));
        retired.record(List.of("live-" + session), session, now.plus(Duration.ofHours(1)));

        service.deleteExpired();

        assertFalse(retired.retiredFrom(session, "expired-two-days-ago-" + session));
        assertTrue(retired.retiredFrom(session, "live-" + session));
    }

    @Test
    void recordingATokenAgainKeepsItsFirstRecordAndRecordsTheOthers() {
        String session = UUID.randomUUID().toString();
        Instant expires = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.MILLIS);
        retired.record(List.of("twice-" + session), session, expires);
        retired.record(List.of("once-" + session, "twice-" + session), session, expires.plusSeconds(5));

        assertEquals(expires, retired.findById("twice-" + session).expiresAt);
        assertEquals(1, retired.count("_id", "twice-" + session));
        assertTrue(retired.retiredFrom(session, "once-" + session));
        assertFalse(retired.retiredFrom("another-" + session, "twice-" + session));
    }
}
