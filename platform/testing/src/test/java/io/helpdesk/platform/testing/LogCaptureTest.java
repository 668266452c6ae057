package io.helpdesk.platform.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A packaged service's records are read from the JSON lines it wrote to its log while the capture was open: of
 * the category and those under it only, at their levels. (A service in the test's JVM is read by its records,
 * as every {@code @QuarkusTest} that uses the capture shows.)
 */
class LogCaptureTest {

    @TempDir
    Path dir;

    @Test
    void aPackagedServicesRecordsAreReadFromTheLinesItWroteMeanwhile() throws IOException {
        Path log = dir.resolve("quarkus.log");
        write(log, record("WARN", "io.helpdesk.notification.Mailer", "before the capture"));
        try (LogCapture logs = new LogCapture("io.helpdesk.notification", log)) {
            write(log, record("WARN", "io.helpdesk.notification.Mailer", "over the hourly limit"),
                    record("INFO", "io.helpdesk.notification", "sent"),
                    record("ERROR", "io.helpdesk.notifications.Other", "another category"),
                    "WARNING: a line the JVM printed",
                    record("DEBUG", "io.helpdesk.notification.Mailer", "detail"));

            assertEquals(List.of("WARN io.helpdesk.notification.Mailer: over the hourly limit"),
                    logs.lines(Level.WARNING, ""));
            assertEquals(List.of("INFO io.helpdesk.notification: sent"), logs.lines(Level.INFO, "sent"));
            assertEquals(3, logs.lines(Level.ALL, "").size());
        }
    }

    @Test
    void aLogWithoutJsonLinesIsRefusedNotReadAsQuiet() throws IOException {
        Path log = dir.resolve("quarkus.log");
        write(log, "2026-12-02 16:00:00,000 INFO  [io.hel.not.Mailer] (main) a text line");

        assertThrows(IllegalStateException.class, () -> new LogCapture("io.helpdesk.notification", log));
        assertThrows(IllegalStateException.class, () -> new LogCapture("io.helpdesk.notification", dir.resolve("absent.log")));
    }

    private static String record(String level, String logger, String message) {
        return "{\"timestamp\":\"2026-12-02T16:00:00Z\",\"loggerName\":\"" + logger + "\",\"level\":\"" + level
                + "\",\"message\":\"" + message + "\",\"threadName\":\"executor-thread-1\"}";
    }

    private static void write(Path log, String... lines) throws IOException {
        Files.writeString(log, String.join("\n", lines) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
