package io.helpdesk.platform.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jboss.logmanager.ExtLogRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.arc.Arc;
import io.quarkus.test.common.PropertyTestUtil;

/**
 * The log records a category and the categories under it publish while this is open. For a test that runs in
 * the service's JVM (a {@code @QuarkusTest}) they are the records themselves; opened with a level, it lowers the
 * category's level to that until it is closed. For a test of the packaged service (a
 * {@code @QuarkusIntegrationTest}, the service in a process of its own) they are the JSON lines the service wrote
 * meanwhile to the log file Quarkus's launcher turns on for it ({@code target/quarkus.log}; JSON, as the
 * logging-json extension writes files); its levels are its own there.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The levels the JSON lines name, as the records of a service in this JVM carry them. */
    private static final Map<String, Level> LEVELS = Stream.of(org.jboss.logmanager.Level.FATAL,
            org.jboss.logmanager.Level.ERROR, org.jboss.logmanager.Level.WARN, org.jboss.logmanager.Level.INFO,
            org.jboss.logmanager.Level.DEBUG, org.jboss.logmanager.Level.TRACE)
            .collect(Collectors.toMap(Level::getName, level -> level));
    /** How long a packaged service's last lines may take to reach its log once written. */
    private static final long SETTLE_MILLIS = 300;

    private final String name;
    private final Logger category;
    private final Level levelBefore;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    /** The packaged service's log and where it stood when this opened; null for a service in this JVM. */
    private final Path file;
    private final long from;

    private LogCapture(String category, Level level) {
        this.name = category;
        this.category = Logger.getLogger(category);
        this.levelBefore = this.category.getLevel();
        if (level != null) {
            this.category.setLevel(level);
        }
        this.category.addHandler(this);
        this.file = null;
        this.from = 0;
    }

    /** What the packaged service writing JSON lines to {@code file} logs under {@code category} from now on. */
    LogCapture(String category, Path file) {
        this.name = category;
        this.category = null;
        this.levelBefore = null;
        this.file = file;
        try {
            if (!Files.exists(file) || Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip).noneMatch(LogCapture::isJson)) {
                throw new IllegalStateException("the packaged service's log " + file + " holds no JSON line to read its records from");
            }
            this.from = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@code category} publishes at the levels it already has. */
    public static LogCapture of(String category) {
        return inThisJvm() ? new LogCapture(category, (Level) null) : new LogCapture(category, PropertyTestUtil.getLogFilePath());
    }

    /** What {@code category} publishes with its level lowered to {@code level} while this is open (a service in this JVM only). */
    public static LogCapture of(String category, Level level) {
        if (!inThisJvm()) {
            throw new UnsupportedOperationException("a packaged service's log levels are its own configuration's");
        }
        return new LogCapture(category, level);
    }

    /** Whether the service runs in this JVM: its CDI container does. */
    private static boolean inThisJvm() {
        return Arc.container() != null;
    }

    /** "LEVEL category: message" of each record at {@code atLeast} or above whose formatted message contains {@code text}. */
    public List<String> lines(Level atLeast, String text) {
        if (file != null) {
            return written().stream()
                    .filter(r -> r.level().intValue() >= atLeast.intValue() && r.message().contains(text))
                    .map(r -> r.level() + " " + r.category() + ": " + r.message())
                    .toList();
        }
        return records.stream()
                .filter(r -> r.getLevel().intValue() >= atLeast.intValue() && message(r).contains(text))
                .map(r -> r.getLevel() + " " + r.getLoggerName() + ": " + message(r))
                .toList();
    }

    private record Written(Level level, String category, String message) {
    }

    /** The records of the category the packaged service wrote since this opened, once its log stopped growing. */
    private List<Written> written() {
        try {
            long size = Files.size(file);
            while (true) {
                Thread.sleep(SETTLE_MILLIS);
                long now = Files.size(file);
                if (now == size) {
                    break;
                }
                size = now;
            }
            byte[] bytes;
            try (RandomAccessFile log = new RandomAccessFile(file.toFile(), "r")) {
                log.seek(from);
                bytes = new byte[(int) (size - from)];
                log.readFully(bytes);
            }
            List<Written> out = new ArrayList<>();
            for (String raw : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                String line = raw.strip();
                if (!isJson(line)) {
                    continue; // the JVM's own lines (a warning it prints), not a log record
                }
                JsonNode record = JSON.readTree(line);
                String logger = record.path("loggerName").asText("");
                if (logger.equals(name) || logger.startsWith(name + ".")) {
                    Level level = LEVELS.get(record.path("level").asText(""));
                    if (level == null) {
                        throw new IllegalStateException("a record of a level not known here: " + line);
                    }
                    out.add(new Written(level, logger, record.path("message").asText("")));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean isJson(String line) {
        return line.startsWith("{") && line.endsWith("}");
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
        if (category != null) {
            category.removeHandler(this);
            category.setLevel(levelBefore);
        }
    }
}
