package io.helpdesk.system.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many password verifications per second this machine can do: warm-up (the JIT compiles the
 * hash's inner loops first), one thread alone (the time one login spends hashing), then one thread
 * per core (the most verifications per second, which caps login/s). The programs in {@code bench/}
 * that run it bring the hashing library on their own class path.
 */
public final class HashCeiling {

    private HashCeiling() {
    }

    /** Measures {@code verify} and prints the result line {@code name} for bench/run. */
    public static void measure(String name, String cost, int threads, double seconds, Runnable verify)
            throws InterruptedException {
        long warmUpEnd = System.nanoTime() + (long) (Math.max(2, seconds * 0.2) * 1e9);
        while (System.nanoTime() < warmUpEnd) {
            verify.run();
        }

        int single = 0;
        long start = System.nanoTime();
        while (System.nanoTime() - start < seconds * 0.3e9) {
            verify.run();
            single++;
        }
        double msPerHash = (System.nanoTime() - start) / 1e6 / single;

        LongAdder done = new LongAdder();
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(() -> {
                while (!stop.get()) {
                    verify.run();
                    if (measuring.get()) {
                        done.increment();
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        Thread.sleep((long) (seconds * 200));
        measuring.set(true);
        long measureStart = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        measuring.set(false);
        double measured = (System.nanoTime() - measureStart) / 1e9;
        stop.set(true);
        for (Thread worker : workers) {
            worker.join();
        }

        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("rps", tenths(done.sum() / measured));
        fields.put("threads", threads);
        fields.put("msPerHash", tenths(msPerHash));
        fields.put("hashes", done.sum());
        fields.put("seconds", tenths(measured));
        fields.put("cost", cost);
        BenchResults.print(name, fields);
    }

    private static double tenths(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
