package io.helpdesk.system.bench;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How a driver hands a measurement to {@code bench/run}: one line {@code BENCH {"name": ..., ...}} on
 * standard output, the same shape the wrk scripts print, collected into the run's results file.
 */
public final class BenchResults {

    static final ObjectMapper JSON = new ObjectMapper();

    private BenchResults() {
    }

    public static void print(String name, Map<String, Object> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("name", name);
        line.putAll(fields);
        try {
            System.out.println("BENCH " + JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code --key value} pairs; a key without a value is "true". */
    public static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument " + args[i]);
            }
            String key = args[i].substring(2);
            boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
            options.put(key, hasValue ? args[++i] : "true");
        }
        return options;
    }

    public static String required(Map<String, String> options, String key) {
        String value = options.get(key);
        if (value == null) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return value;
    }

    /** Keeps the MongoDB driver's INFO lines out of the results. */
    public static void quietLogs() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
}
