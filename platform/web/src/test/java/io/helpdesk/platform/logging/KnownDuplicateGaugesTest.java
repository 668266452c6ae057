package io.helpdesk.platform.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

/** Only Micrometer's warning about the Redis pool's gauges is left out; every other record is written. */
class KnownDuplicateGaugesTest {

    private static final String REDIS_POOL = "This Gauge has been already registered (MeterId{name='redis.pool.queue.size',"
            + " tags=[tag(pool.name=<default>),tag(pool.type=redis)]}), the registration will be ignored. Note that"
            + " subsequent logs will be logged at debug level.";

    private final KnownDuplicateGauges filter = new KnownDuplicateGauges();

    @Test
    void theRedisPoolsSecondRegistrationIsLeftOut() {
        assertFalse(filter.isLoggable(record("io.micrometer.core.instrument.MeterRegistry", REDIS_POOL)));
    }

    @Test
    void anyOtherDuplicateGaugeOrLoggerOrMessageIsWritten() {
        assertTrue(filter.isLoggable(record("io.micrometer.core.instrument.MeterRegistry",
                REDIS_POOL.replace("redis.pool.queue.size", "helpdesk.outbox.pending"))));
        assertTrue(filter.isLoggable(record("io.helpdesk.platform.events.OutboxRelay", REDIS_POOL)));
        assertTrue(filter.isLoggable(record("io.micrometer.core.instrument.MeterRegistry", null)));
        assertTrue(filter.isLoggable(record(null, "Redis is unavailable")));
    }

    /**
     * Regression: set on the console only, the warning still went to a log file (the packaged service's integration
     * tests write one at every start); every handler Quarkus can turn on leaves it out.
     */
    @Test
    void everyHandlerLeavesItOut() throws Exception {
        Properties config = new Properties();
        try (var in = KnownDuplicateGauges.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            config.load(in);
        }
        for (String handler : List.of("console", "file", "syslog", "socket")) {
            assertEquals(KnownDuplicateGauges.NAME, config.getProperty("quarkus.log." + handler + ".filter"), handler);
        }
    }

    private static LogRecord record(String logger, String message) {
        LogRecord record = new LogRecord(Level.WARNING, message);
        record.setLoggerName(logger);
        return record;
    }
}
