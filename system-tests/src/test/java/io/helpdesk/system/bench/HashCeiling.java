package io.helpdesk.system.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many password verifications per second this machine can do: warm-up with one thread per core until the
 * rate is steady, one thread alone (the time one login spends hashing), then one thread per core (the most
 * verifications per second, which caps login/s). The programs in {@code bench/} that run it bring the hashing
 * library on their own class path.
 *
 * <p>The warm-up uses the test bench/run applies to the logins it compares with this: rounds until the last
 * three are within 10 % of each other and the last is at most 5 % above the first of them. This machine's
 * rate swings by up to half within a minute (by hand, one JVM fell from 53 to 34 hashes/s twenty seconds in
 * and reached 63 after thirty; in another, the hash's hot methods were compiled by C2 within 3 s and never
 * again while its rate moved between 43 and 59), so a fixed two seconds could measure a dip; waiting for the
 * rate to settle, and measuring again after the logins, keeps the reference out of one.
 */
public final class HashCeiling {

    private static final int MIN_ROUNDS = 6;
    private static final int MAX_ROUNDS = 18;

    private HashCeiling() {
    }

    /** Measures {@code verify} and prints the result line {@code name} for bench/run. */
    public static void measure(String name, String cost, int threads, double seconds, Runnable verify)
            throws InterruptedException {
        // A round holds some 70 hashes at 20/s in a full run; under 2 s, counting whole hashes alone moves a round by 10 %.
        double round = Math.min(5, Math.max(2, seconds / 2));
        List<Double> rates = new ArrayList<>();
        boolean steady = false;
        try (Workers warmUp = new Workers(threads, verify)) {
            while (rates.size() < MAX_ROUNDS && !steady) {
                rates.add(warmUp.rate(round));
                steady = rates.size() >= MIN_ROUNDS && steady(rates.subList(rates.size() - 3, rates.size()));
            }
        }

        int single = 0;
        long start = System.nanoTime();
        while (System.nanoTime() - start < seconds * 0.3e9) {
            verify.run();
            single++;
        }
        double msPerHash = (System.nanoTime() - start) / 1e6 / single;

        long hashes;
        double measured;
        try (Workers workers = new Workers(threads, verify)) {
            workers.rate(seconds * 0.2);
            long before = workers.done.sum();
            long measureStart = System.nanoTime();
            Thread.sleep((long) (seconds * 1000));
            hashes = workers.done.sum() - before;
            measured = (System.nanoTime() - measureStart) / 1e9;
        }

        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("rps", tenths(hashes / measured));
        fields.put("threads", threads);
        fields.put("msPerHash", tenths(msPerHash));
        fields.put("hashes", hashes);
        fields.put("seconds", tenths(measured));
        fields.put("cost", cost);
        fields.put("warmUpRounds", rates.size());
        fields.put("warmUpRoundSeconds", tenths(round));
        fields.put("steady", steady);
        fields.put("warmUpRates", rates.stream().map(HashCeiling::tenths).toList());
        BenchResults.print(name, fields);
    }

    /** The last three rounds within 10 % of each other, the last at most 5 % above the first of them. */
    static boolean steady(List<Double> lastThree) {
        double low = lastThree.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double high = lastThree.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return low > 0 && high <= low * 1.10 && lastThree.get(2) <= lastThree.get(0) * 1.05;
    }

    /** Threads verifying in a loop until closed. */
    private static final class Workers implements AutoCloseable {

        private final LongAdder done = new LongAdder();
        private final AtomicBoolean stop = new AtomicBoolean(false);
        private final List<Thread> threads = new ArrayList<>();

        Workers(int count, Runnable verify) {
            for (int i = 0; i < count; i++) {
                Thread worker = new Thread(() -> {
                    while (!stop.get()) {
                        verify.run();
                        done.increment();
                    }
                });
                worker.start();
                threads.add(worker);
            }
        }

        /** Verifications per second over the next {@code seconds}. */
        double rate(double seconds) throws InterruptedException {
            long before = done.sum();
            long start = System.nanoTime();
            Thread.sleep((long) (seconds * 1000));
            return (done.sum() - before) / ((System.nanoTime() - start) / 1e9);
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            for (Thread thread : threads) {
                thread.join();
            }
        }
    }

    private static double tenths(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
