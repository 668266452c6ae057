package io.helpdesk.platform.testing.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4 (what {@code /q/metrics} answers to
 * {@code Accept: text/plain}), following the format's specification rather than what one scraper
 * happens to tolerate:
 *
 * <ul>
 * <li>lines end with a line feed, the last one too; blank lines and other comments are ignored;</li>
 * <li>{@code # HELP name text} (escapes {@code \\} and {@code \n} only) and {@code # TYPE name type}
 * (counter, gauge, histogram, summary, untyped) at most once per name, both before the family's first
 * sample; a TYPE for a name whose samples already appeared is an error;</li>
 * <li>a sample is {@code name[{label="value",...}] value [timestamp]}: metric names
 * {@code [a-zA-Z_:][a-zA-Z0-9_:]*}, label names {@code [a-zA-Z_][a-zA-Z0-9_]*} not starting with
 * {@code __}, label values with the escapes {@code \\}, {@code \"} and {@code \n}, no label named
 * twice, values as Go's ParseFloat reads them (with {@code NaN}, {@code +Inf}, {@code -Inf}), an
 * optional integer timestamp in milliseconds;</li>
 * <li>a family's samples form one group (no other family's samples in between), and no series (name
 * and label set) appears twice;</li>
 * <li>a histogram has only {@code _bucket} (each with an {@code le}), {@code _sum} and {@code _count}
 * samples; per label set its bucket bounds are distinct, their counts do not decrease as {@code le}
 * grows, a {@code +Inf} bucket exists and equals {@code _count}; a summary has only samples with a
 * {@code quantile} label, {@code _sum} and {@code _count}.</li>
 * </ul>
 *
 * Any departure is a {@link FormatException} naming the line.
 */
public final class PrometheusText {

    /** A metric type of the format. */
    public enum Type {
        COUNTER, GAUGE, HISTOGRAM, SUMMARY, UNTYPED
    }

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value, Long timestamp) {

        /** Whether every label given is on this sample with that value. */
        public boolean has(Map<String, String> wanted) {
            return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        }
    }

    /** One metric family: its name, HELP (null when none was given), TYPE and samples in order. */
    public record Family(String name, String help, Type type, boolean typeDeclared, List<Sample> samples) {
    }

    /** A line that does not follow the format. */
    public static class FormatException extends RuntimeException {
        public FormatException(int line, String message) {
            super("line " + line + ": " + message);
        }
    }

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?(?:(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?|0[xX][0-9a-fA-F]+|Inf|inf|NaN)");
    private static final Pattern TIMESTAMP = Pattern.compile("-?[0-9]+");

    private final Map<String, Family> families;

    private PrometheusText(Map<String, Family> families) {
        this.families = families;
    }

    /** Every family, in the order of the text. */
    public List<Family> families() {
        return List.copyOf(families.values());
    }

    public Optional<Family> family(String name) {
        return Optional.ofNullable(families.get(name));
    }

    /** Every sample of every family whose sample name is {@code name} (e.g. {@code x_bucket}). */
    public List<Sample> samples(String name) {
        List<Sample> found = new ArrayList<>();
        for (Family family : families.values()) {
            for (Sample sample : family.samples()) {
                if (sample.name().equals(name)) {
                    found.add(sample);
                }
            }
        }
        return found;
    }

    /** Reads a whole exposition, or throws {@link FormatException} at the first departure from the format. */
    public static PrometheusText parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new FormatException(text.split("\n", -1).length, "the last line does not end with a line feed");
        }
        Builder builder = new Builder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            builder.line(i + 1, lines[i]);
        }
        builder.finish();
        return new PrometheusText(builder.families);
    }

    private static final class Builder {
        private final Map<String, Family> families = new LinkedHashMap<>();
        private final Map<String, String> helps = new LinkedHashMap<>();
        private final Map<String, Type> types = new LinkedHashMap<>();
        private final Set<String> closed = new HashSet<>();
        private final Set<String> series = new HashSet<>();
        private final Map<String, Integer> firstLine = new LinkedHashMap<>();
        private String current;

        void line(int number, String line) {
            if (line.isBlank()) {
                return;
            }
            if (line.startsWith("#")) {
                comment(number, line);
                return;
            }
            sample(number, line);
        }

        private void comment(int number, String line) {
            String rest = line.substring(1).stripLeading();
            String keyword = rest.split("[ \t]", 2)[0];
            if (!keyword.equals("HELP") && !keyword.equals("TYPE")) {
                return;
            }
            String afterKeyword = rest.substring(keyword.length());
            if (afterKeyword.isEmpty() || (afterKeyword.charAt(0) != ' ' && afterKeyword.charAt(0) != '\t')) {
                throw new FormatException(number, "# " + keyword + " needs a metric name");
            }
            afterKeyword = afterKeyword.stripLeading();
            int end = 0;
            while (end < afterKeyword.length() && afterKeyword.charAt(end) != ' ' && afterKeyword.charAt(end) != '\t') {
                end++;
            }
            String name = afterKeyword.substring(0, end);
            if (!METRIC_NAME.matcher(name).matches()) {
                throw new FormatException(number, "'" + name + "' is not a metric name");
            }
            String value = end < afterKeyword.length() ? afterKeyword.substring(end + 1) : "";
            if (families.containsKey(name) && !families.get(name).samples().isEmpty()) {
                throw new FormatException(number, "# " + keyword + " " + name + " after its samples");
            }
            if (keyword.equals("HELP")) {
                if (helps.containsKey(name)) {
                    throw new FormatException(number, "a second # HELP for " + name);
                }
                helps.put(name, unescapeHelp(number, value));
            } else {
                if (types.containsKey(name)) {
                    throw new FormatException(number, "a second # TYPE for " + name);
                }
                String type = value.strip();
                try {
                    if (!type.equals(type.toLowerCase(java.util.Locale.ROOT))) {
                        throw new IllegalArgumentException();
                    }
                    types.put(name, Type.valueOf(type.toUpperCase(java.util.Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new FormatException(number, "'" + type + "' is not a metric type");
                }
            }
            open(number, name);
        }

        private void open(int number, String name) {
            if (!name.equals(current)) {
                if (closed.contains(name) || families.containsKey(name) && !families.get(name).samples().isEmpty()) {
                    throw new FormatException(number, "the samples of " + name + " are not in one group");
                }
                if (current != null) {
                    closed.add(current);
                }
                current = name;
            }
            firstLine.putIfAbsent(name, number);
            families.put(name, new Family(name, helps.get(name), types.getOrDefault(name, Type.UNTYPED),
                    types.containsKey(name), families.containsKey(name) ? families.get(name).samples() : new ArrayList<>()));
        }

        private void sample(int number, String line) {
            Cursor c = new Cursor(number, line);
            String name = c.metricName();
            Map<String, String> labels = new LinkedHashMap<>();
            if (c.peek() == '{') {
                c.next();
                c.blanks();
                while (c.peek() != '}') {
                    String label = c.labelName();
                    if (label.startsWith("__")) {
                        throw new FormatException(number, "label names starting with __ are reserved: " + label);
                    }
                    c.blanks();
                    c.expect('=');
                    c.blanks();
                    String value = c.labelValue();
                    if (labels.put(label, value) != null) {
                        throw new FormatException(number, "label " + label + " given twice");
                    }
                    c.blanks();
                    if (c.peek() == ',') {
                        c.next();
                        c.blanks();
                    } else if (c.peek() != '}') {
                        throw new FormatException(number, "expected ',' or '}' after label " + label);
                    }
                }
                c.next();
            }
            if (!c.atBlank()) {
                throw new FormatException(number, "expected a blank before the value");
            }
            c.blanks();
            String valueText = c.token();
            if (!FLOAT.matcher(valueText).matches()) {
                throw new FormatException(number, "'" + valueText + "' is not a number");
            }
            double value = number(valueText);
            Long timestamp = null;
            c.blanks();
            if (!c.atEnd()) {
                String stamp = c.token();
                if (!TIMESTAMP.matcher(stamp).matches()) {
                    throw new FormatException(number, "'" + stamp + "' is not a timestamp");
                }
                timestamp = Long.parseLong(stamp);
                c.blanks();
                if (!c.atEnd()) {
                    throw new FormatException(number, "unexpected text after the timestamp");
                }
            }
            String family = familyOf(name);
            open(number, family);
            if (!series.add(name + new java.util.TreeMap<>(labels))) {
                throw new FormatException(number, "series " + name + labels + " given twice");
            }
            Family f = families.get(family);
            check(number, f, name, labels);
            f.samples().add(new Sample(name, Collections.unmodifiableMap(labels), value, timestamp));
        }

        /** The family a sample belongs to: a histogram's or summary's when its suffix fits one declared. */
        private String familyOf(String name) {
            for (String suffix : new String[] { "_bucket", "_sum", "_count" }) {
                if (name.endsWith(suffix)) {
                    String base = name.substring(0, name.length() - suffix.length());
                    Type type = types.get(base);
                    if (type == Type.HISTOGRAM || type == Type.SUMMARY && !suffix.equals("_bucket")) {
                        return base;
                    }
                }
            }
            return name;
        }

        private static void check(int number, Family family, String name, Map<String, String> labels) {
            switch (family.type()) {
                case HISTOGRAM -> {
                    if (name.equals(family.name())) {
                        throw new FormatException(number, "histogram " + family.name() + " has a sample without _bucket, _sum or _count");
                    }
                    if (name.endsWith("_bucket") != labels.containsKey("le")) {
                        throw new FormatException(number, "only the buckets of histogram " + family.name() + " carry 'le'");
                    }
                    if (labels.containsKey("le") && !FLOAT.matcher(labels.get("le")).matches()) {
                        throw new FormatException(number, "le=\"" + labels.get("le") + "\" is not a number");
                    }
                }
                case SUMMARY -> {
                    if (name.equals(family.name()) != labels.containsKey("quantile")) {
                        throw new FormatException(number, "only the quantiles of summary " + family.name() + " carry 'quantile'");
                    }
                }
                default -> {
                    // counters, gauges and untyped samples may carry any labels
                }
            }
        }

        void finish() {
            for (Family family : families.values()) {
                if (family.type() == Type.HISTOGRAM) {
                    checkHistogram(family);
                }
            }
        }

        private void checkHistogram(Family family) {
            Map<Map<String, String>, List<Sample>> buckets = new LinkedHashMap<>();
            Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
            for (Sample sample : family.samples()) {
                Map<String, String> rest = new java.util.TreeMap<>(sample.labels());
                rest.remove("le");
                if (sample.name().endsWith("_bucket")) {
                    buckets.computeIfAbsent(rest, k -> new ArrayList<>()).add(sample);
                } else if (sample.name().endsWith("_count")) {
                    counts.put(rest, sample.value());
                }
            }
            int line = firstLine.get(family.name());
            for (Map.Entry<Map<String, String>, List<Sample>> entry : buckets.entrySet()) {
                List<Sample> sorted = new ArrayList<>(entry.getValue());
                sorted.sort((a, b) -> Double.compare(number(a.labels().get("le")), number(b.labels().get("le"))));
                double previousBound = Double.NaN;
                double previousCount = -1;
                for (Sample bucket : sorted) {
                    double bound = number(bucket.labels().get("le"));
                    if (bound == previousBound) {
                        throw new FormatException(line, family.name() + entry.getKey() + " has the bucket le=" + bound + " twice");
                    }
                    if (bucket.value() < previousCount) {
                        throw new FormatException(line, family.name() + entry.getKey() + " has a bucket count that falls as le grows");
                    }
                    previousBound = bound;
                    previousCount = bucket.value();
                }
                Sample last = sorted.get(sorted.size() - 1);
                if (!Double.isInfinite(number(last.labels().get("le")))) {
                    throw new FormatException(line, family.name() + entry.getKey() + " has no le=\"+Inf\" bucket");
                }
                Double count = counts.get(entry.getKey());
                if (count == null || count.doubleValue() != last.value()) {
                    throw new FormatException(line, family.name() + entry.getKey() + " has a _count unlike its +Inf bucket");
                }
            }
        }
    }

    static double number(String text) {
        return switch (text.replace("+", "")) {
            case "Inf", "inf" -> Double.POSITIVE_INFINITY;
            case "-Inf", "-inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> text.matches("[+-]?0[xX].*") ? (double) Long.decode(text) : Double.parseDouble(text);
        };
    }

    private static String unescapeHelp(int number, String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch != '\\') {
                out.append(ch);
                continue;
            }
            if (i + 1 == text.length()) {
                throw new FormatException(number, "a HELP text ends in a lone backslash");
            }
            char next = text.charAt(++i);
            switch (next) {
                case '\\' -> out.append('\\');
                case 'n' -> out.append('\n');
                default -> throw new FormatException(number, "\\" + next + " is no escape in a HELP text");
            }
        }
        return out.toString();
    }

    private static final class Cursor {
        private final int number;
        private final String line;
        private int at;

        Cursor(int number, String line) {
            this.number = number;
            this.line = line;
        }

        char peek() {
            if (at >= line.length()) {
                throw new FormatException(number, "the line ends too early");
            }
            return line.charAt(at);
        }

        void next() {
            at++;
        }

        boolean atEnd() {
            return at >= line.length();
        }

        boolean atBlank() {
            return !atEnd() && (line.charAt(at) == ' ' || line.charAt(at) == '\t');
        }

        void blanks() {
            while (atBlank()) {
                at++;
            }
        }

        void expect(char ch) {
            if (peek() != ch) {
                throw new FormatException(number, "expected '" + ch + "' at column " + (at + 1));
            }
            at++;
        }

        String token() {
            int start = at;
            while (!atEnd() && !atBlank()) {
                at++;
            }
            return line.substring(start, at);
        }

        String metricName() {
            return matched(METRIC_NAME, "a metric name");
        }

        String labelName() {
            return matched(LABEL_NAME, "a label name");
        }

        private String matched(Pattern pattern, String what) {
            java.util.regex.Matcher m = pattern.matcher(line).region(at, line.length());
            if (!m.lookingAt() || m.end() == at) {
                throw new FormatException(number, "expected " + what + " at column " + (at + 1));
            }
            at = m.end();
            return m.group();
        }

        String labelValue() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char ch = peek();
                at++;
                if (ch == '"') {
                    return out.toString();
                }
                if (ch == '\\') {
                    char escaped = peek();
                    at++;
                    switch (escaped) {
                        case '\\' -> out.append('\\');
                        case '"' -> out.append('"');
                        case 'n' -> out.append('\n');
                        default -> throw new FormatException(number, "\\" + escaped + " is no escape in a label value");
                    }
                } else {
                    out.append(ch);
                }
            }
        }
    }
}
