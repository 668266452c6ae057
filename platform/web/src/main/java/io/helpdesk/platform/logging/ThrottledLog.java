package io.helpdesk.platform.logging;

import java.time.Duration;
import java.util.Set;
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
 * and each at most once a minute. Repeats left out after the last line written are not lost when no line of
 * the kind follows: once the minute has passed, {@link LeftOutRepeats} writes the last of them with their
 * count. What other items came to (a delivery suppressed, a message dead-lettered, an event given up) is
 * recorded where they are stored; the log tells an operator that it is happening, and how often.
 */
public final class ThrottledLog {

    static final Duration INTERVAL = Duration.ofMinutes(1);
    /** Kinds are few by design; past this many the windows start over, so misuse costs lines, not memory. */
    static final int MAX_KINDS = 1_024;

    /** Named as the logger's caller, so a record's source is the line that logged, not this class. */
    private static final String FQCN = ThrottledLog.class.getName();
    /** Every log made by {@link #of}, for {@link #writeAllLeftOut}. */
    private static final Set<ThrottledLog> ALL = ConcurrentHashMap.newKeySet();

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
        ThrottledLog log = new ThrottledLog(Logger.getLogger(owner), INTERVAL, System::nanoTime);
        ALL.add(log);
        return log;
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
        Line line = new Line(level, thrown, format, params);
        Passed passed = windows.computeIfAbsent(kind, k -> new Window()).admit(line, nanoClock.getAsLong(), intervalNanos);
        if (passed == null) {
            return;
        }
        if (passed.leftOut() == 0) {
            log.logf(FQCN, level, thrown, format, params);
        } else {
            log.logf(FQCN, level, thrown, "%s [%d more like this in the last %d s not logged]", line.message(),
                    passed.leftOut(), seconds(passed.nanosSince()));
        }
    }

    /**
     * Writes, for each kind whose minute has passed with repeats left out and no line since, the last of those
     * repeats with their count; the kind's window starts anew.
     */
    void writeLeftOut() {
        long now = nanoClock.getAsLong();
        windows.values().forEach(window -> {
            LeftOut left = window.takeLeftOut(now, intervalNanos);
            if (left != null) {
                log.logf(FQCN, left.last().level(), left.last().thrown(),
                        "%s [%d like this in the last %d s not logged as they came, this one %d s ago]",
                        left.last().message(), left.count(), seconds(left.nanosSince()), seconds(left.nanosSinceLast()));
            }
        });
    }

    /** {@link #writeLeftOut} for every log of every class. */
    static void writeAllLeftOut() {
        ALL.forEach(ThrottledLog::writeLeftOut);
    }

    private static long seconds(long nanos) {
        return Math.max(1, Math.round(nanos / 1e9));
    }

    /** A line as its caller asked for it. */
    private record Line(Logger.Level level, Throwable thrown, String format, Object[] params) {
        String message() {
            return params == null || params.length == 0 ? format : String.format(format, params);
        }
    }

    /** What a line admitted found: the repeats left out since the last line written, and the time since it. */
    private record Passed(long leftOut, long nanosSince) {
    }

    /** Repeats left out with no line after them: how many, the last of them, over how long, and when the last came. */
    private record LeftOut(long count, Line last, long nanosSince, long nanosSinceLast) {
    }

    /** One kind's minute: when its last line was written, and the repeats left out since. */
    private static final class Window {

        private boolean written;
        private long since;
        private long leftOut;
        private Line lastLeftOut;
        private long lastLeftOutAt;

        /** Null when this line is left out (and counted); otherwise what passed since the last line, and the window starts anew. */
        synchronized Passed admit(Line line, long now, long interval) {
            if (written && now - since < interval) {
                leftOut++;
                lastLeftOut = line;
                lastLeftOutAt = now;
                return null;
            }
            Passed passed = new Passed(leftOut, written ? now - since : 0);
            start(now);
            return passed;
        }

        /** The repeats left out, once the minute has passed with no line since; the window starts anew. */
        synchronized LeftOut takeLeftOut(long now, long interval) {
            if (leftOut == 0 || now - since < interval) {
                return null;
            }
            LeftOut left = new LeftOut(leftOut, lastLeftOut, now - since, now - lastLeftOutAt);
            start(now);
            return left;
        }

        private void start(long now) {
            written = true;
            since = now;
            leftOut = 0;
            lastLeftOut = null;
        }
    }
}
