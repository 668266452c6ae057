package io.helpdesk.analytics.facts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.bson.Document;

/**
 * What one ticket adds to the roll-up of its creation day ({@code daily_rollups}), as flat counters:
 * a dotted path to a number, each path segment that holds a value (a status, a category, an agent id,
 * a duration) escaped so that no text can add a level or a {@code $} operator. A roll-up is the sum of
 * the contributions of the day's tickets; a ticket's change moves it by (new contribution − old).
 *
 * <p>Paths: {@code total}, {@code resolved}, {@code breached}, {@code frBreached}, {@code frTargets},
 * {@code status.S}, {@code priority.P}, {@code category.C}, {@code frt|res.priority|category.G.n|sum},
 * {@code frt|res.priority|category.G.b.BUCKET} (how many tickets of the group took a duration in that
 * logarithmic bucket, for the median: see {@link #bucket}), and for a resolved assigned ticket
 * {@code agent.A.resolved|frtN|frtSum|frBreached}.
 *
 * <p>A day's document is bounded whatever the number of its tickets: per duration group at most one
 * counter per bucket (about 900 for 1 s … 1 year), not one per distinct duration.
 */
public final class DailyRollup {

    /** Ratio between the bounds of neighbouring duration buckets. */
    public static final double BUCKET_RATIO = 1.02;
    /**
     * The largest relative distance between a duration and its bucket's value ({@code √1.02 − 1}, just
     * under 1%): a median read from the buckets is within this fraction of the exact median.
     */
    public static final double BUCKET_PRECISION = Math.sqrt(BUCKET_RATIO) - 1;

    private static final double LOG_RATIO = Math.log(BUCKET_RATIO);

    private DailyRollup() {
    }

    /**
     * The bucket of a duration, as a path segment: {@code round(ln(s) / ln(1.02))} for {@code s ≥ 1}
     * (0 for 1 s, 35 for 2 s, 414 for one hour, 872 for a year), {@code z} for 0, {@code n} and the bucket
     * of {@code −s} for a negative one. Each bucket holds the durations within about ±1% of its value.
     */
    public static String bucket(long seconds) {
        if (seconds == 0) {
            return "z";
        }
        if (seconds < 0) {
            return "n" + bucket(seconds == Long.MIN_VALUE ? Long.MAX_VALUE : -seconds);
        }
        return Long.toString(Math.round(Math.log(seconds) / LOG_RATIO));
    }

    /** The value a bucket stands for ({@code 1.02^bucket}, 0, or negative); NaN for a segment {@link #bucket} never writes. */
    public static double bucketValue(String bucket) {
        try {
            if ("z".equals(bucket)) {
                return 0;
            }
            if (bucket.startsWith("n")) {
                return -bucketValue(bucket.substring(1));
            }
            return Math.pow(BUCKET_RATIO, Long.parseLong(bucket));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The counters a fact adds to its day; none for a deleted ticket (the reports leave those out). */
    public static Map<String, Long> contribution(TicketFact fact) {
        Map<String, Long> out = new TreeMap<>();
        if (fact == null || fact.deleted) {
            return out;
        }
        add(out, "total", 1);
        add(out, "status." + key(fact.status), 1);
        add(out, "priority." + key(fact.priority), 1);
        add(out, "category." + key(fact.category), 1);
        if (fact.resolved) {
            add(out, "resolved", 1);
        }
        if (fact.slaBreached) {
            add(out, "breached", 1);
        }
        if (fact.firstResponseBreached) {
            add(out, "frBreached", 1);
        }
        if (fact.firstResponseDueAt != null) {
            add(out, "frTargets", 1);
        }
        duration(out, "frt", fact, fact.firstResponseSeconds);
        duration(out, "res", fact, fact.resolutionSeconds);
        if (fact.resolved && fact.assigneeId != null) {
            String agent = "agent." + key(fact.assigneeId) + ".";
            add(out, agent + "resolved", 1);
            if (fact.firstResponseSeconds != null) {
                add(out, agent + "frtN", 1);
                add(out, agent + "frtSum", fact.firstResponseSeconds);
            }
            if (fact.firstResponseBreached) {
                add(out, agent + "frBreached", 1);
            }
        }
        return out;
    }

    /** What changes when a fact moves from {@code before} to {@code after}: per day, the non-zero differences. */
    public static Map<String, Map<String, Long>> delta(TicketFact before, TicketFact after) {
        Map<String, Map<String, Long>> days = new TreeMap<>();
        if (before != null && !before.deleted) {
            contribution(before).forEach((path, n) -> days.computeIfAbsent(before.createdDay, d -> new TreeMap<>()).merge(path, -n, Long::sum));
        }
        if (after != null && !after.deleted) {
            contribution(after).forEach((path, n) -> days.computeIfAbsent(after.createdDay, d -> new TreeMap<>()).merge(path, n, Long::sum));
        }
        days.values().forEach(counters -> counters.values().removeIf(n -> n == 0));
        days.values().removeIf(Map::isEmpty);
        return days;
    }

    /** A stored roll-up (nested documents) as flat counters, zeros left out. */
    public static Map<String, Long> flatten(Document rollup) {
        Map<String, Long> out = new TreeMap<>();
        flatten("", rollup, out);
        return out;
    }

    private static void flatten(String prefix, Document document, Map<String, Long> out) {
        for (var entry : document.entrySet()) {
            if (prefix.isEmpty() && ("_id".equals(entry.getKey()) || "day".equals(entry.getKey()))) {
                continue;
            }
            String path = prefix + entry.getKey();
            if (entry.getValue() instanceof Document nested) {
                flatten(path + ".", nested, out);
            } else if (entry.getValue() instanceof Number n && n.longValue() != 0) {
                out.put(path, n.longValue());
            }
        }
    }

    /** Counters as the nested document they are stored as. */
    public static Document nest(Map<String, Long> counters) {
        Document root = new Document();
        counters.forEach((path, n) -> {
            String[] parts = path.split("\\.");
            Document at = root;
            for (int i = 0; i < parts.length - 1; i++) {
                Document next = (Document) at.get(parts[i]);
                if (next == null) {
                    next = new Document();
                    at.put(parts[i], next);
                }
                at = next;
            }
            at.put(parts[parts.length - 1], n);
        });
        return root;
    }

    /**
     * A value as one path segment: {@code %}, {@code .} and {@code $} (and NUL) are percent-escaped,
     * null is {@code null} (as the reports always showed a missing value), the empty text {@code %}.
     */
    public static String key(String value) {
        if (value == null) {
            return "null";
        }
        if (value.isEmpty()) {
            return "%";
        }
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '%' -> out.append("%25");
                case '.' -> out.append("%2E");
                case '$' -> out.append("%24");
                case '\0' -> out.append("%00");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** The value of a path segment written by {@link #key}. */
    public static String value(String key) {
        if ("%".equals(key)) {
            return "";
        }
        return key.replace("%2E", ".").replace("%24", "$").replace("%00", "\0").replace("%25", "%");
    }

    /** The sub-keys under a prefix ({@code "status."} → each status with its count), values unescaped. */
    public static Map<String, Long> under(Map<String, Long> counters, String prefix) {
        Map<String, Long> out = new LinkedHashMap<>();
        counters.forEach((path, n) -> {
            if (path.startsWith(prefix) && path.indexOf('.', prefix.length()) < 0 && n != 0) {
                out.put(value(path.substring(prefix.length())), n);
            }
        });
        return out;
    }

    /** The groups of a duration ({@code "frt.priority."}): each group's escaped key. */
    public static List<String> groups(Map<String, Long> counters, String prefix) {
        List<String> out = new ArrayList<>();
        counters.forEach((path, n) -> {
            if (path.startsWith(prefix) && path.endsWith(".n") && path.indexOf('.', prefix.length()) == path.length() - 2 && n != 0) {
                out.add(path.substring(prefix.length(), path.length() - 2));
            }
        });
        return out;
    }

    private static void duration(Map<String, Long> out, String measure, TicketFact fact, Long seconds) {
        if (seconds == null) {
            return;
        }
        for (String group : List.of("priority." + key(fact.priority), "category." + key(fact.category))) {
            String path = measure + "." + group + ".";
            add(out, path + "n", 1);
            add(out, path + "sum", seconds);
            add(out, path + "b." + bucket(seconds), 1);
        }
    }

    private static void add(Map<String, Long> out, String path, long n) {
        if (n != 0) {
            out.merge(path, n, Long::sum);
        }
    }
}
