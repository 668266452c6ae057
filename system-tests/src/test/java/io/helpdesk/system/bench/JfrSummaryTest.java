package io.helpdesk.system.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

class JfrSummaryTest {

    @Test
    void aRecordingIsSummedUpAndTheCpuOfThePassIsSharedOutOverItsRequests(@TempDir Path dir) throws Exception {
        Path file = busyRecording(dir);

        Map<String, Object> summary = JfrSummary.summary("profile.test", file, 17.3, 420.0);

        assertEquals("profile.test", summary.get("name"));
        assertTrue((int) summary.get("samples") > 0, "the busy loop was sampled: " + summary);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ours = (List<Map<String, Object>>) summary.get("ours");
        assertTrue(ours.stream().anyMatch(m -> m.get("method").equals("JfrSummaryTest.busy")), "our frame: " + ours);
        assertEquals(17.3, summary.get("cpuSeconds"));
        assertEquals(420L, summary.get("requests"));
        assertEquals(41.19, (double) summary.get("cpuMsPerRequest"), 0.001, summary.toString());

        Map<String, Object> unmeasured = JfrSummary.summary("profile.test", file, null, null);
        assertNull(unmeasured.get("cpuMsPerRequest"));
        assertNull(unmeasured.get("requests"));
        assertNull(JfrSummary.summary("profile.test", file, 17.3, 0.0).get("cpuMsPerRequest"), "a pass that made no request");
        assertNull(JfrSummary.summary("profile.test", file, null, 420.0).get("cpuMsPerRequest"), "the process was gone");
    }

    @Test
    void theOptionsBenchRunPassesReachTheResultLine(@TempDir Path dir) throws Exception {
        Path file = busyRecording(dir);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            // As bench/run's profile() calls it.
            JfrSummary.main(new String[] { "--name", "profile.auth.refresh", "--file", file.toString(),
                    "--cpu-seconds", "6.410", "--requests", "1476" });
        } finally {
            System.setOut(out);
        }
        String line = bytes.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("BENCH ")).findFirst()
                .orElseThrow();
        JsonNode result = new ObjectMapper().readTree(line.substring("BENCH ".length()));

        assertEquals("profile.auth.refresh", result.path("name").asText());
        assertEquals(1476, result.path("requests").asLong(), line);
        assertEquals(4.343, result.path("cpuMsPerRequest").asDouble(), 0.001, line);
    }

    private static Path busyRecording(Path dir) throws Exception {
        Path file = dir.resolve("busy.jfr");
        try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
            recording.start();
            busy(2_000);
            recording.stop();
            recording.dump(file);
        }
        return file;
    }

    private static double busy(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        double x = 1;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 10_000; i++) {
                x = Math.sin(x) + Math.sqrt(i + x * x);
            }
        }
        return x;
    }
}
