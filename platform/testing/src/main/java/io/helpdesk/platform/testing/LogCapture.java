package io.helpdesk.platform.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

/**
 * The log records a category and the categories under it publish while this is open, for a test that runs in
 * the service's JVM (a {@code @QuarkusTest}; a packaged service's records are out of reach). Opened with a
 * level, it lowers the category's level to that until it is closed.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger category;
    private final Level levelBefore;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture(String category, Level level) {
        this.category = Logger.getLogger(category);
        this.levelBefore = this.category.getLevel();
        if (level != null) {
            this.category.setLevel(level);
        }
        this.category.addHandler(this);
    }

    /** What {@code category} publishes at the levels it already has. */
    public static LogCapture of(String category) {
        return new LogCapture(category, null);
    }

    /** What {@code category} publishes with its level lowered to {@code level} while this is open. */
    public static LogCapture of(String category, Level level) {
        return new LogCapture(category, level);
    }

    /** "LEVEL message" of each record at {@code atLeast} or above whose formatted message contains {@code text}. */
    public List<String> lines(Level atLeast, String text) {
        return records.stream()
                .filter(r -> r.getLevel().intValue() >= atLeast.intValue() && message(r).contains(text))
                .map(r -> r.getLevel() + " " + r.getLoggerName() + ": " + message(r))
                .toList();
    }

    private static String message(LogRecord record) {
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        return message == null ? "" : message;
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        category.removeHandler(this);
        category.setLevel(levelBefore);
    }
}
