package io.helpdesk.platform.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

class ThrottledLogTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Recording recorded = new Recording(true);
    private final ThrottledLog log = new ThrottledLog(recorded, Duration.ofMinutes(1), now::get);

    @Test
    void theFirstLineOfAKindIsWrittenAtOnceAndItsRepeatsOnceAMinuteWithTheirCount() {
        log.warnf("store-down", "Reading %s failed: %s", "events.tickets", "refused");
        for (int i = 0; i < 41; i++) {
            advance(Duration.ofSeconds(1));
            log.warnf("store-down", "Reading %s failed: %s", "events.tickets", "refused " + i);
        }
        advance(Duration.ofSeconds(20)); // 61 s after the first line
        log.warnf("store-down", "Reading %s failed: %s", "events.tickets", "refused again");
        log.warnf("store-down", "Reading %s failed: %s", "events.tickets", "and again");

        assertEquals(List.of("WARN Reading events.tickets failed: refused",
                "WARN Reading events.tickets failed: refused again [41 more like this in the last 61 s not logged]"),
                recorded.lines);
    }

    @Test
    void repeatsWithNoLineAfterThemAreWrittenWithTheirCountOnceTheirMinuteHasPassed() {
        log.warnf("store-down", "Reading %s failed: %s", "events.tickets", "refused");
        for (int i = 1; i <= 3; i++) {
            advance(Duration.ofSeconds(1));
            log.warnf("store-down", "Reading %s failed: %s", "events.tickets", "refused " + i);
        }
        advance(Duration.ofSeconds(30));
        log.writeLeftOut(); // the minute has not passed
        advance(Duration.ofSeconds(31));
        log.writeLeftOut();
        advance(Duration.ofMinutes(5));
        log.writeLeftOut(); // nothing left out since
        log.warnf("store-down", "Reading %s failed: %s", "events.tickets", "refused later");

        assertEquals(List.of("WARN Reading events.tickets failed: refused",
                "WARN Reading events.tickets failed: refused 3 [3 like this in the last 64 s not logged as they came, this one 61 s ago]",
                "WARN Reading events.tickets failed: refused later"), recorded.lines);
    }

    @Test
    void theCountFollowsTheCallersMessageWhateverItsFormat() {
        // More arguments than the format uses: the count must not be read into the caller's conversions.
        log.warnf("odd", "%d%% of the limit", 50, "unused");
        log.warnf("odd", "%d%% of the limit", 60, "unused");
        advance(Duration.ofMinutes(2));
        log.warnf("odd", "%d%% of the limit", 70, "unused");

        assertEquals(List.of("WARN 50% of the limit", "WARN 70% of the limit [1 more like this in the last 120 s not logged]"),
                recorded.lines);
    }

    @Test
    void kindsAreThrottledApart() {
        log.warnf("read-failed:events.tickets", "Reading %s failed", "events.tickets");
        log.warnf("read-failed:events.users", "Reading %s failed", "events.users");
        log.errorf("read-failed:events.tickets", "Reading %s failed", "events.tickets");

        assertEquals(List.of("WARN Reading events.tickets failed", "WARN Reading events.users failed"), recorded.lines);
    }

    @Test
    void aLineOfAKindAfterAQuietMinuteSaysNothingWasLeftOut() {
        log.errorf(new IllegalStateException("boom"), "dead", "Delivery %s is DEAD", "d-1");
        advance(Duration.ofMinutes(5));
        log.errorf(new IllegalStateException("boom"), "dead", "Delivery %s is DEAD", "d-2");

        assertEquals(List.of("ERROR Delivery d-1 is DEAD (IllegalStateException)",
                "ERROR Delivery d-2 is DEAD (IllegalStateException)"), recorded.lines);
    }

    @Test
    void itNamesItselfToTheLoggerSoTheLineIsSourcedToItsCaller() {
        log.warnf("kind", "a line");

        assertEquals(List.of(ThrottledLog.class.getName()), recorded.callers);
    }

    @Test
    void aLevelThatIsOffCountsNothing() {
        Recording off = new Recording(false);
        ThrottledLog quiet = new ThrottledLog(off, Duration.ofMinutes(1), now::get);
        for (int i = 0; i < 5; i++) {
            quiet.warnf("kind", "a line");
        }

        assertEquals(List.of(), off.lines);
    }

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    /** A logger that keeps what it is asked to write, formatted, with the class it is told logged it. */
    private static final class Recording extends Logger {

        final List<String> lines = new ArrayList<>();
        final List<String> callers = new ArrayList<>();
        private final boolean enabled;

        Recording(boolean enabled) {
            super("recording");
            this.enabled = enabled;
        }

        @Override
        public boolean isEnabled(Level level) {
            return enabled;
        }

        @Override
        protected void doLog(Level level, String loggerClassName, Object message, Object[] parameters,
                Throwable thrown) {
            throw new AssertionError("ThrottledLog formats with logf");
        }

        @Override
        protected void doLogf(Level level, String loggerClassName, String format, Object[] parameters,
                Throwable thrown) {
            callers.add(loggerClassName);
            lines.add(level + " " + String.format(format, parameters)
                    + (thrown == null ? "" : " (" + thrown.getClass().getSimpleName() + ")"));
        }
    }
}
