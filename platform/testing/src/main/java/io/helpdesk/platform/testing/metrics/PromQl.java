package io.helpdesk.platform.testing.metrics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A checker for PromQL expressions as alert rules and dashboards hold them (no PromQL parser for Java
 * is kept on Maven Central): it tokenizes an expression the way Prometheus's lexer does and refuses
 * unbalanced brackets, unclosed strings, unknown functions, a function or aggregation without its
 * argument list, label matchers that are not {@code name op "value"}, malformed durations and
 * {@code by}/{@code without}/{@code on}/{@code ignoring}/{@code group_left}/{@code group_right} without a
 * label list; and it names the metrics an expression selects, so they can be checked against what the
 * services expose. Grafana's template variables ({@code $app}, {@code ${app}}, {@code $__rate_interval})
 * are accepted where a duration or a string may stand.
 */
public final class PromQl {

    /** An expression that is not PromQL. */
    public static class SyntaxException extends RuntimeException {
        public SyntaxException(String expression, int at, String message) {
            super(message + " at " + at + " in: " + expression);
        }
    }

    static final Set<String> FUNCTIONS = Set.of("abs", "absent", "absent_over_time", "acos", "acosh", "asin", "asinh",
            "atan", "atanh", "avg_over_time", "ceil", "changes", "clamp", "clamp_max", "clamp_min", "cos", "cosh",
            "count_over_time", "day_of_month", "day_of_week", "day_of_year", "days_in_month", "deg", "delta", "deriv",
            "double_exponential_smoothing", "exp", "floor", "histogram_avg", "histogram_count", "histogram_fraction",
            "histogram_quantile", "histogram_stddev", "histogram_stdvar", "histogram_sum", "holt_winters", "hour",
            "idelta", "increase", "irate", "label_join", "label_replace", "last_over_time", "ln", "log10", "log2",
            "mad_over_time", "max_over_time", "min_over_time", "minute", "month", "pi", "predict_linear",
            "present_over_time", "quantile_over_time", "rad", "rate", "resets", "round", "scalar", "sgn", "sin", "sinh",
            "sort", "sort_by_label", "sort_by_label_desc", "sort_desc", "sqrt", "stddev_over_time", "stdvar_over_time",
            "sum_over_time", "tan", "tanh", "time", "timestamp", "vector", "year");
    static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar", "count",
            "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "atan2");
    private static final Set<String> LABEL_LIST_KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");
    private static final Pattern DURATION = Pattern.compile("([0-9]+(ms|s|m|h|d|w|y))+|\\$\\{?[a-zA-Z_][a-zA-Z0-9_]*}?");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private enum Kind {
        IDENTIFIER, NUMBER, STRING, OPERATOR, OPEN, CLOSE, VARIABLE
    }

    private record Token(Kind kind, String text, int at) {
    }

    private PromQl() {
    }

    /** The metric names the expression selects; throws {@link SyntaxException} when it is not PromQL. */
    public static Set<String> metricNames(String expression) {
        return selectors(expression).keySet();
    }

    /**
     * The metrics the expression selects, each with the label names its matchers test ({@code x{a="1"}}
     * gives {@code x → [a]}); throws {@link SyntaxException} when it is not PromQL.
     */
    public static Map<String, Set<String>> selectors(String expression) {
        return new Checker(expression).run();
    }

    /** Throws {@link SyntaxException} when the expression is not PromQL. */
    public static void check(String expression) {
        metricNames(expression);
    }

    private static final class Checker {
        private final String expression;
        private final List<Token> tokens;
        private final Map<String, Set<String>> metrics = new LinkedHashMap<>();

        Checker(String expression) {
            this.expression = expression;
            this.tokens = tokenize(expression);
        }

        Map<String, Set<String>> run() {
            if (tokens.isEmpty()) {
                throw new SyntaxException(expression, 0, "an empty expression");
            }
            Deque<Token> open = new ArrayDeque<>();
            for (int i = 0; i < tokens.size(); i++) {
                Token t = tokens.get(i);
                Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
                switch (t.kind()) {
                    case OPEN -> {
                        open.push(t);
                        if (t.text().equals("{")) {
                            Token before = i > 0 ? tokens.get(i - 1) : null;
                            Set<String> labels = before != null && metrics.containsKey(before.text())
                                    && before.kind() == Kind.IDENTIFIER ? metrics.get(before.text()) : new LinkedHashSet<>();
                            i = matchers(i + 1, labels);
                            open.pop();
                        } else if (t.text().equals("[")) {
                            i = range(i + 1);
                            open.pop();
                        }
                    }
                    case CLOSE -> {
                        if (open.isEmpty() || !open.pop().text().equals("(") || !t.text().equals(")")) {
                            throw new SyntaxException(expression, t.at(), "an unbalanced '" + t.text() + "'");
                        }
                    }
                    case IDENTIFIER -> i = identifier(i, t, next);
                    case VARIABLE -> throw new SyntaxException(expression, t.at(), "a template variable outside a string or range");
                    default -> {
                    }
                }
            }
            if (!open.isEmpty()) {
                throw new SyntaxException(expression, open.peek().at(), "an unclosed '" + open.peek().text() + "'");
            }
            return metrics;
        }

        private int identifier(int i, Token t, Token next) {
            String name = t.text();
            boolean call = next != null && next.text().equals("(");
            if (LABEL_LIST_KEYWORDS.contains(name)) {
                if (name.startsWith("group_") && !call) {
                    return i; // group_left without labels is allowed
                }
                if (!call) {
                    throw new SyntaxException(expression, t.at(), name + " needs a label list");
                }
                return labelList(i + 2);
            }
            if (KEYWORDS.contains(name)) {
                return i; // a binary operator or modifier: and, or, unless, bool, offset, atan2
            }
            if (AGGREGATIONS.contains(name)) {
                boolean modifier = next != null && (next.text().equals("by") || next.text().equals("without"));
                if (!call && !modifier) {
                    throw new SyntaxException(expression, t.at(), name + " needs its arguments");
                }
                return i;
            }
            if (FUNCTIONS.contains(name)) {
                if (!call) {
                    throw new SyntaxException(expression, t.at(), name + " needs its arguments");
                }
                return i;
            }
            if (name.equals("Inf") || name.equals("NaN") || name.equals("inf") || name.equals("nan")) {
                return i;
            }
            if (call) {
                throw new SyntaxException(expression, t.at(), "no function named " + name);
            }
            metrics.putIfAbsent(name, new LinkedHashSet<>());
            return i;
        }

        /** After {@code by (}: label names separated by commas, then {@code )}. */
        private int labelList(int i) {
            boolean expectName = true;
            for (; i < tokens.size(); i++) {
                Token t = tokens.get(i);
                if (t.text().equals(")")) {
                    return i;
                }
                if (expectName) {
                    if (t.kind() != Kind.IDENTIFIER || !LABEL_NAME.matcher(t.text()).matches()) {
                        throw new SyntaxException(expression, t.at(), "a label name expected, not '" + t.text() + "'");
                    }
                } else if (!t.text().equals(",")) {
                    throw new SyntaxException(expression, t.at(), "',' or ')' expected in a label list");
                }
                expectName = !expectName;
            }
            throw new SyntaxException(expression, expression.length(), "an unclosed label list");
        }

        /** After {@code {}: {@code name op "value"} separated by commas, then {@code }}. */
        private int matchers(int i, Set<String> labels) {
            int state = 0; // 0 name, 1 operator, 2 value, 3 comma or close
            for (; i < tokens.size(); i++) {
                Token t = tokens.get(i);
                if (t.text().equals("}") && (state == 0 || state == 3)) {
                    return i;
                }
                switch (state) {
                    case 0 -> {
                        if (t.kind() != Kind.IDENTIFIER && t.kind() != Kind.STRING) {
                            throw new SyntaxException(expression, t.at(), "a label name expected, not '" + t.text() + "'");
                        }
                        labels.add(t.text());
                    }
                    case 1 -> {
                        if (!Set.of("=", "!=", "=~", "!~").contains(t.text())) {
                            throw new SyntaxException(expression, t.at(), "a matcher (= != =~ !~) expected, not '" + t.text() + "'");
                        }
                    }
                    case 2 -> {
                        if (t.kind() != Kind.STRING) {
                            throw new SyntaxException(expression, t.at(), "a quoted label value expected, not '" + t.text() + "'");
                        }
                    }
                    default -> {
                        if (!t.text().equals(",")) {
                            throw new SyntaxException(expression, t.at(), "',' or '}' expected, not '" + t.text() + "'");
                        }
                    }
                }
                state = (state + 1) % 4;
            }
            throw new SyntaxException(expression, expression.length(), "an unclosed '{'");
        }

        /** After {@code [}: a duration, or {@code duration:[duration]} for a subquery, then {@code ]}. */
        private int range(int i) {
            StringBuilder inside = new StringBuilder();
            for (; i < tokens.size(); i++) {
                Token t = tokens.get(i);
                if (t.text().equals("]")) {
                    String[] parts = inside.toString().split(":", -1);
                    if (parts.length > 2 || !DURATION.matcher(parts[0]).matches()
                            || parts.length == 2 && !parts[1].isEmpty() && !DURATION.matcher(parts[1]).matches()) {
                        throw new SyntaxException(expression, t.at(), "'" + inside + "' is not a range");
                    }
                    return i;
                }
                inside.append(t.text());
            }
            throw new SyntaxException(expression, expression.length(), "an unclosed '['");
        }
    }

    private static final Pattern NUMBER = Pattern.compile(
            "0[xX][0-9a-fA-F]+|(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?(?:ms|s|m|h|d|w|y)*");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{[a-zA-Z_][a-zA-Z0-9_:]*}|\\$[a-zA-Z_][a-zA-Z0-9_]*");
    private static final String[] OPERATORS = { "==", "!=", "<=", ">=", "=~", "!~", "+", "-", "*", "/", "%", "^",
            "<", ">", "=", ",", ":", "@" };

    private static List<Token> tokenize(String expression) {
        List<Token> tokens = new ArrayList<>();
        int at = 0;
        outer:
        while (at < expression.length()) {
            char ch = expression.charAt(at);
            if (Character.isWhitespace(ch)) {
                at++;
                continue;
            }
            if (ch == '#') {
                while (at < expression.length() && expression.charAt(at) != '\n') {
                    at++;
                }
                continue;
            }
            if (ch == '"' || ch == '\'' || ch == '`') {
                int end = at + 1;
                while (end < expression.length() && expression.charAt(end) != ch) {
                    if (expression.charAt(end) == '\n' && ch != '`') {
                        throw new SyntaxException(expression, at, "a string broken by a line end");
                    }
                    end += expression.charAt(end) == '\\' && ch != '`' ? 2 : 1;
                }
                if (end >= expression.length()) {
                    throw new SyntaxException(expression, at, "an unclosed string");
                }
                tokens.add(new Token(Kind.STRING, expression.substring(at, end + 1), at));
                at = end + 1;
                continue;
            }
            if ("([{".indexOf(ch) >= 0) {
                tokens.add(new Token(Kind.OPEN, String.valueOf(ch), at++));
                continue;
            }
            if (")]}".indexOf(ch) >= 0) {
                tokens.add(new Token(Kind.CLOSE, String.valueOf(ch), at++));
                continue;
            }
            for (Object[] kind : new Object[][] { { VARIABLE, Kind.VARIABLE }, { NUMBER, Kind.NUMBER },
                    { IDENTIFIER, Kind.IDENTIFIER } }) {
                Matcher m = ((Pattern) kind[0]).matcher(expression).region(at, expression.length());
                if (m.lookingAt() && m.end() > at) {
                    tokens.add(new Token((Kind) kind[1], m.group(), at));
                    at = m.end();
                    continue outer;
                }
            }
            for (String op : OPERATORS) {
                if (expression.startsWith(op, at)) {
                    tokens.add(new Token(Kind.OPERATOR, op, at));
                    at += op.length();
                    continue outer;
                }
            }
            throw new SyntaxException(expression, at, "an unexpected '" + ch + "'");
        }
        // Brackets close in order: a ']' or '}' is matched inside the checker; here only count them.
        Deque<Character> stack = new ArrayDeque<>();
        for (Token t : tokens) {
            if (t.kind() == Kind.OPEN) {
                stack.push(t.text().charAt(0));
            } else if (t.kind() == Kind.CLOSE) {
                char expected = switch (t.text().charAt(0)) {
                    case ')' -> '(';
                    case ']' -> '[';
                    default -> '{';
                };
                if (stack.isEmpty() || stack.pop() != expected) {
                    throw new SyntaxException(expression, t.at(), "an unbalanced '" + t.text() + "'");
                }
            }
        }
        if (!stack.isEmpty()) {
            throw new SyntaxException(expression, expression.length(), "an unclosed '" + stack.peek() + "'");
        }
        return tokens;
    }
}
