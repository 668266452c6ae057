package io.helpdesk.system.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

class JfrSummaryTest {

    @Test
    void theCpuPerRequestIsTheMachinesShareTimesItsProcessorsOverThePassRate(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("busy.jfr");
        try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
            recording.start();
            busy(2_500);
            recording.stop();
            recording.dump(file);
        }

        Map<String, Object> summary = JfrSummary.summary("profile.test", file, 40.0);

        double share = ((Number) summary.get("cpuShare")).doubleValue();
        assertTrue(share > 0 && share <= 1, "a share of the whole machine: " + summary);
        double expected = share * Runtime.getRuntime().availableProcessors() * 1000 / 40.0;
        // cpuShare is rounded to three places in the line, cpuMsPerRequest from the unrounded share.
        double tolerance = 0.0005 * Runtime.getRuntime().availableProcessors() * 1000 / 40.0;
        assertEquals(expected, ((Number) summary.get("cpuMsPerRequest")).doubleValue(), tolerance, summary.toString());
        assertEquals(40.0, summary.get("rate"));
        assertTrue((int) summary.get("samples") > 0, "the busy loop was sampled: " + summary);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ours = (List<Map<String, Object>>) summary.get("ours");
        assertTrue(ours.stream().anyMatch(m -> m.get("method").equals("JfrSummaryTest.busy")), "our frame: " + ours);

        Map<String, Object> withoutRate = JfrSummary.summary("profile.test", file, null);
        assertNull(withoutRate.get("cpuMsPerRequest"));
        assertNull(JfrSummary.summary("profile.test", file, 0.0).get("cpuMsPerRequest"), "a pass that answered nothing");
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
