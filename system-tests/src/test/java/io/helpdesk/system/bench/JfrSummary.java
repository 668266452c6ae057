package io.helpdesk.system.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a service's time went under one load row: a JFR recording ({@code settings=profile}, taken by
 * bench/run with jcmd around the row) read back into one result line: the service's share of the
 * machine's CPU, the methods most often on top of the sampled Java stacks, the project's own frames most
 * often anywhere on them, and the garbage collector's work (collections, pauses, allocation rate). Given the
 * CPU time the service used during the pass ({@code --cpu-seconds}, from the kernel's count for the process)
 * and the requests the pass made ({@code --requests}), also the CPU time per request.
 *
 * <pre>
 * JfrSummary --name profile.auth.login.c2 --file recording.jfr [--cpu-seconds 17.3 --requests 420]
 * </pre>
 */
public final class JfrSummary {

    private static final int TOP = 8;
    private static final String OURS = "io.helpdesk.";

    private JfrSummary() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = BenchResults.options(args);
        Map<String, Object> result = summary(BenchResults.required(options, "name"),
                Path.of(BenchResults.required(options, "file")), number(options.get("cpu-seconds")),
                number(options.get("requests")));
        System.out.println("BENCH " + BenchResults.JSON.writeValueAsString(result));
    }

    /** The result line's fields; the pass's CPU seconds and requests may be null (not measured). */
    static Map<String, Object> summary(String name, Path file, Double cpuSeconds, Double requests) throws IOException {
        Map<String, Integer> topFrames = new HashMap<>();
        Map<String, Integer> ourFrames = new HashMap<>();
        int samples = 0;
        int collections = 0;
        int oldCollections = 0;
        Duration pauses = Duration.ZERO;
        double allocated = 0;
        double cpu = 0;
        int cpuReadings = 0;
        Instant first = null;
        Instant last = null;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            String type = event.getEventType().getName();
            if (type.equals("jdk.ExecutionSample") || type.equals("jdk.CPULoad")) {
                // (the recording's own bookkeeping events are dated back; these two are taken during it)
                Instant at = event.getStartTime();
                first = first == null || at.isBefore(first) ? at : first;
                last = last == null || at.isAfter(last) ? at : last;
            }
            switch (type) {
                case "jdk.ExecutionSample" -> {
                    if (event.getStackTrace() == null || event.getStackTrace().getFrames().isEmpty()) {
                        continue;
                    }
                    samples++;
                    List<RecordedFrame> frames = event.getStackTrace().getFrames();
                    topFrames.merge(method(frames.get(0).getMethod()), 1, Integer::sum);
                    Set<String> ours = new HashSet<>();
                    for (RecordedFrame frame : frames) {
                        RecordedMethod method = frame.getMethod();
                        if (method != null && ours(method.getType().getName())) {
                            ours.add(method(method));
                        }
                    }
                    ours.forEach(m -> ourFrames.merge(m, 1, Integer::sum));
                }
                case "jdk.GarbageCollection" -> {
                    collections++;
                    pauses = pauses.plus(event.getDuration("sumOfPauses"));
                }
                case "jdk.OldGarbageCollection" -> oldCollections++;
                case "jdk.ObjectAllocationSample" -> allocated += event.getLong("weight");
                case "jdk.CPULoad" -> {
                    cpu += event.getFloat("jvmUser") + event.getFloat("jvmSystem");
                    cpuReadings++;
                }
                default -> {
                }
            }
        }
        double seconds = first == null ? 0 : Math.max(0.001, Duration.between(first, last).toMillis() / 1000.0);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("name", name);
        result.put("seconds", round(seconds));
        result.put("samples", samples);
        result.put("cpuShare", cpuReadings == 0 ? null : round(cpu / cpuReadings));
        result.put("cpuSeconds", cpuSeconds);
        result.put("requests", requests == null ? null : requests.longValue());
        result.put("cpuMsPerRequest", cpuSeconds == null || requests == null || requests <= 0 ? null
                : round(cpuSeconds * 1000 / requests));
        result.put("gcs", collections);
        result.put("oldGcs", oldCollections);
        result.put("gcPauseMs", pauses.toMillis());
        result.put("allocMiBPerSecond", seconds == 0 ? null : round(allocated / seconds / (1 << 20)));
        result.put("top", shares(topFrames, samples));
        result.put("ours", shares(ourFrames, samples));
        return result;
    }

    /** The project's own classes, without the subclasses, proxies and invokers Quarkus generates around them. */
    private static boolean ours(String type) {
        return type.startsWith(OURS) && !type.contains("_Subclass") && !type.contains("_ClientProxy")
                && !type.contains("$quarkusrestinvoker$") && !type.contains("_Bean") && !type.contains("$$");
    }

    private static List<Map<String, Object>> shares(Map<String, Integer> counts, int samples) {
        List<Map<String, Object>> shares = new ArrayList<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(TOP)
                .forEach(e -> shares.add(Map.of("method", e.getKey(), "share", round((double) e.getValue() / samples))));
        return shares;
    }

    private static String method(RecordedMethod method) {
        if (method == null) {
            return "?";
        }
        String type = method.getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + method.getName();
    }

    /** A number given on the command line, or null when it is absent or not a number. */
    private static Double number(String option) {
        try {
            return option == null || option.isBlank() ? null : Double.valueOf(option);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
