package io.helpdesk.platform.logging;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

/**
 * Where every warning and error of the services is logged: lines that can repeat once per request,
 * message, delivery or poll while a store, a peer or a limit keeps saying no would otherwise flood the
 * log (and whatever pages on it) with one line per occurrence of a single condition. Each kind of line
 * is written at most once a minute; the repeats in between are counted, and the next line of that kind
 * says how many were left out and over how long. The first line of a kind is written at once, so a
 * line that happens once (at start, say) reads as it always did.
 * <p>
 * The kind is the caller's: a fixed name for the line, or that and a value with few possible values (a
 * stream, a collection, an exception type), never a per-request value, which would make every line a kind
 * of its own. Where the line is the only record of an item (an object a store keeps after its delete
 * failed, a configuration entry skipped), the item's key is part of the kind: each such item is written,
 * and each at most once a minute. The count of the repeats after the last line written is logged with the
 * next line of the kind, if one comes. What other items came to (a delivery suppressed, a message
 * dead-lettered, an event given up) is recorded where they are stored; the log tells an operator that it
 * is happening, and how often.
 */
public final class ThrottledLog {

    static final Duration INTERVAL = Duration.ofMinutes(1);
    /** Kinds are few by design; past this many the windows start over, so misuse costs lines, not memory. */
    static final int MAX_KINDS = 1_024;

    /** Named as the logger's caller, so a record's source is the line that logged, not this class. */
    private static final String FQCN = ThrottledLog.class.getName();

    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    ThrottledLog(Logger log, Duration interval, LongSupplier nanoClock) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /** The throttled log of {@code owner}'s logger category. */
    public static ThrottledLog of(Class<?> owner) {
        return new ThrottledLog(Logger.getLogger(owner), INTERVAL, System::nanoTime);
    }

    public void warnf(String kind, String format, Object... params) {
        logf(Logger.Level.WARN, null, kind, format, params);
    }

    public void errorf(String kind, String format, Object... params) {
        logf(Logger.Level.ERROR, null, kind, format, params);
    }

    /** An error with its exception's stack trace (which the kind's repeats leave out too). */
    public void errorf(Throwable thrown, String kind, String format, Object... params) {
        logf(Logger.Level.ERROR, thrown, kind, format, params);
    }

    private void logf(Logger.Level level, Throwable thrown, String kind, String format, Object[] params) {
        if (!log.isEnabled(level)) {
            return;
        }
        if (windows.size() > MAX_KINDS) {
            windows.clear();
        }
        long now = nanoClock.getAsLong();
        Window window = windows.computeIfAbsent(kind, k -> new Window());
        long[] passed = window.admit(now, intervalNanos);
        if (passed == null) {
            return;
        }
        long leftOut = passed[0];
        if (leftOut == 0) {
            log.logf(FQCN, level, thrown, format, params);
            return;
        }
        Object[] withCount = Arrays.copyOf(params, params.length + 2);
        withCount[params.length] = leftOut;
        withCount[params.length + 1] = Math.max(1, Math.round(passed[1] / 1e9));
        log.logf(FQCN, level, thrown, format + " [%d more like this in the last %d s not logged]", withCount);
    }

    /** One kind's minute: when its last line was written, and how many repeats were left out since. */
    private static final class Window {

        private boolean written;
        private long since;
        private long leftOut;

        /**
         * Null when this one is left out (and counted); otherwise the repeats left out since the last line
         * written and the nanoseconds since it, and the window starts anew.
         */
        synchronized long[] admit(long now, long interval) {
            if (written && now - since < interval) {
                leftOut++;
                return null;
            }
            long[] passed = { leftOut, written ? now - since : 0 };
            written = true;
            since = now;
            leftOut = 0;
            return passed;
        }
    }
}
