package io.helpdesk.platform.logging;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * Leaves out Micrometer's warning about the Redis pool's gauges registered a second time, which every start of
 * every service wrote and which says nothing an operator can act on: Quarkus 3.34's Redis extension initialises
 * its clients twice at start (once for the data sources, once for the client API) and keeps only the first; the
 * second client, never used, registers the same pool gauges again. The gauges that stay are the first client's,
 * the one in use, so the metrics are right. Every other warning, Micrometer's duplicate gauges of any other
 * meter among them, is written as before. Set on every handler ({@code quarkus.log.console.filter}, and the file,
 * syslog and socket handlers' alike).
 */
@LoggingFilter(name = KnownDuplicateGauges.NAME)
public final class KnownDuplicateGauges implements Filter {

    public static final String NAME = "known-duplicate-gauges";

    static final String LOGGER = "io.micrometer.core.instrument.MeterRegistry";
    static final String MESSAGE = "This Gauge has been already registered (MeterId{name='redis.pool.";

    @Override
    public boolean isLoggable(LogRecord record) {
        return !(LOGGER.equals(record.getLoggerName()) && record.getMessage() != null
                && record.getMessage().startsWith(MESSAGE));
    }
}
