package io.helpdesk.system.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every latency of one measurement, kept whole (a run records at most a few hundred thousand), so
 * percentiles are exact. One instance per thread; {@link #merge} joins them at the end.
 */
final class Latencies {

    private long[] nanos = new long[4096];
    private int count;

    void record(long latencyNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = latencyNanos;
    }

    synchronized void merge(Latencies other) {
        for (int i = 0; i < other.count; i++) {
            record(other.nanos[i]);
        }
    }

    int count() {
        return count;
    }

    /** Nearest-rank percentile in microseconds; 0 when nothing was recorded. */
    long percentileMicros(double percentile) {
        if (count == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100.0 * count);
        return sorted[Math.max(0, Math.min(count - 1, rank - 1))] / 1_000;
    }

    /** The fields every result line carries: how many, how fast, and the latency percentiles. */
    Map<String, Object> summary(double seconds) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("requests", count);
        fields.put("seconds", Math.round(seconds * 1000) / 1000.0);
        fields.put("rps", seconds > 0 ? Math.round(count / seconds * 10) / 10.0 : 0);
        fields.put("p50us", percentileMicros(50));
        fields.put("p90us", percentileMicros(90));
        fields.put("p99us", percentileMicros(99));
        fields.put("maxus", percentileMicros(100));
        return fields;
    }
}
