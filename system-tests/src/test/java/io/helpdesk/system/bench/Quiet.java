package io.helpdesk.system.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Waits until the machine has settled: its CPUs at least 85 % idle over two seconds, at most a minute
 * (the rule of {@code await_quiet} in {@code bench/run}), so a measurement does not run in the wake of
 * the work its own setup caused.
 */
final class Quiet {

    private static final Path STAT = Path.of("/proc/stat");

    /** How long the wait took, and whether the machine settled in that time (false: it measured anyway). */
    record Waited(double seconds, boolean settled) {
    }

    private Quiet() {
    }

    /** Waits; where the machine has no readable {@code /proc/stat}, not at all (and says it did not settle). */
    static Waited await() throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + 60_000_000_000L;
        long[] before = idleAndTotal();
        while (System.nanoTime() < deadline) {
            if (before == null) {
                System.err.println("/proc/stat cannot be read; measuring without waiting for the machine to settle");
                return new Waited((System.nanoTime() - start) / 1e9, false);
            }
            Thread.sleep(2000);
            long[] after = idleAndTotal();
            if (after != null && after[1] > before[1] && (after[0] - before[0]) >= 0.85 * (after[1] - before[1])) {
                return new Waited((System.nanoTime() - start) / 1e9, true);
            }
            before = after;
        }
        System.err.println("the machine did not settle within a minute; measuring anyway");
        return new Waited((System.nanoTime() - start) / 1e9, false);
    }

    /** Idle (idle + iowait) and total jiffies of all CPUs, from the first line of /proc/stat. */
    private static long[] idleAndTotal() {
        try {
            String[] cpu = Files.readAllLines(STAT).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i <= 8 && i < cpu.length; i++) {
                total += Long.parseLong(cpu[i]);
            }
            return new long[] {Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]), total};
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }
}
