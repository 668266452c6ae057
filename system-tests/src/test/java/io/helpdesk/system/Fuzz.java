package io.helpdesk.system;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The fuzz engine: values for a JSON schema of an OpenAPI document, mostly valid (so that requests
 * get past the first check and reach the code behind it) with one to a few wrong parts — boundaries,
 * wrong types, control characters with NUL, lone surrogates, huge and deeply nested values, nulls
 * inside arrays, duplicate and missing and unknown fields, instants far outside the normal range —
 * and bodies that are not JSON at all. Everything comes from one {@link Random}, so a seed repeats a
 * run.
 */
final class Fuzz {

    /** Strings that have broken services before, or that a store, a regex or a parser might choke on. */
    static final List<String> ODD_STRINGS = List.of("", " ", "null", "\u0000", "a\u0000b", "\u0001\u001f\u007f",
            "line\nbreak\ttab", "\uD83D\uDE00", "\uFFFF", "\uFEFF", "../../etc/passwd", "..\\..\\boot.ini", "%00", "%",
            "<script>alert(1)</script>", "' OR 1=1 --", "{\"$ne\":null}", "$where", ".*", "(", "[", "\\", "a".repeat(201),
            "9".repeat(400), "-1", "NaN", "Infinity", "true", "ADMIN", "admin@helpdesk.local", "a@b", "@", "x@y.z ",
            "CON", "nul.txt", "ticket:", "dm::", "team:agents", "00000000-0000-0000-0000-000000000000");
    /** Instants a parser accepts but arithmetic, formatting or a store may not, and some it does not accept. */
    static final List<String> ODD_INSTANTS = List.of("-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z",
            "0000-01-01T00:00:00Z", "-0001-12-31T23:59:59Z", "1969-12-31T23:59:59Z", "1970-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-13-45T99:99:99Z",
            "2026-01-01", "2026-01-01T00:00:00", "2026-01-01T00:00:00+25:00", "1e12", "now", "");
    static final List<String> ODD_NUMBERS = List.of("0", "-1", "-0", "0.5", "1e309", "-1e309", "2147483647", "2147483648",
            "-2147483649", "9223372036854775808", "12345678901234567890123", "1E2", "0x10", "007");
    static final List<String> FILE_NAMES = List.of("report.pdf", "", ".", "..", "../../etc/passwd", "..\\..\\win.ini",
            "a\u0000b.txt", "\u0000", "con", "C:\\x\\y.txt", "/", "//server/share/x", "a/b/", "x".repeat(5000),
            "\uD83D\uDE00.png", "\u202Egnp.exe", "na\"me.txt", "semi;colon.txt", "%00.txt", "line\r\nX-Header: 1.txt",
            "\uD800.txt", " ", ".hidden");

    private final Random random;
    private final JsonNode schemas;

    Fuzz(Random random, JsonNode openApi) {
        this.random = random;
        this.schemas = openApi.path("components").path("schemas");
    }

    Random random() {
        return random;
    }

    <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    // --- bodies

    /** A JSON body for this schema: valid, with a few wrong parts, or not JSON at all. */
    byte[] body(JsonNode schema) {
        int roll = random.nextInt(100);
        String json;
        if (roll < 10) {
            json = valid(schema, 0);
        } else if (roll < 80) {
            json = mutated(schema, 0, 2 + random.nextInt(25));
        } else if (roll < 88) {
            json = wholeBodyOddity(schema);
        } else {
            return malformed(schema);
        }
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private String wholeBodyOddity(JsonNode schema) {
        return switch (random.nextInt(7)) {
            case 0 -> "null";
            case 1 -> "[" + valid(schema, 0) + "]";
            case 2 -> "[null]";
            case 3 -> nested(2_000 + random.nextInt(20_000));
            case 4 -> "{}";
            case 5 -> pick(ODD_NUMBERS);
            default -> string(pick(ODD_STRINGS));
        };
    }

    private byte[] malformed(JsonNode schema) {
        String valid = valid(schema, 0);
        return switch (random.nextInt(7)) {
            case 0 -> valid.substring(0, valid.length() / 2).getBytes(StandardCharsets.UTF_8);
            case 1 -> (valid + "}").getBytes(StandardCharsets.UTF_8);
            case 2 -> valid.replace(':', '=').getBytes(StandardCharsets.UTF_8);
            case 3 -> "{\"a\":1,}".getBytes(StandardCharsets.UTF_8);
            case 4 -> new byte[] { '{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' };
            case 5 -> new byte[0];
            default -> {
                byte[] bytes = new byte[1 + random.nextInt(300)];
                random.nextBytes(bytes);
                yield bytes;
            }
        };
    }

    /** A value the schema describes, as JSON text. */
    String valid(JsonNode schema, int depth) {
        schema = resolve(schema);
        String type = type(schema);
        return switch (type) {
            case "object" -> object(schema, depth, 0);
            case "array" -> {
                StringBuilder json = new StringBuilder("[");
                int items = depth > 4 ? 0 : random.nextInt(3);
                for (int i = 0; i < items; i++) {
                    json.append(i == 0 ? "" : ",").append(valid(schema.path("items"), depth + 1));
                }
                yield json.append(']').toString();
            }
            case "integer", "number" -> Long.toString(inRange(schema));
            case "boolean" -> Boolean.toString(random.nextBoolean());
            default -> string(validString(schema));
        };
    }

    /**
     * A value for the schema where each part is wrong with the given percentage, and the object
     * itself may lose a required field, gain an unknown or a duplicated one.
     */
    private String mutated(JsonNode schema, int depth, int percent) {
        schema = resolve(schema);
        if (depth > 0 && chance(percent)) {
            return wrong(schema);
        }
        String type = type(schema);
        if (type.equals("object")) {
            return object(schema, depth, percent);
        }
        if (type.equals("array")) {
            StringBuilder json = new StringBuilder("[");
            int items = depth > 4 ? 0 : random.nextInt(4);
            for (int i = 0; i < items; i++) {
                json.append(i == 0 ? "" : ",").append(mutated(schema.path("items"), depth + 1, percent));
            }
            return json.append(']').toString();
        }
        return valid(schema, depth);
    }

    private String object(JsonNode schema, int depth, int percent) {
        JsonNode properties = schema.path("properties");
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        List<String> fields = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> property = it.next();
            boolean present = required.contains(property.getKey()) ? !(percent > 0 && chance(percent / 2)) : chance(60);
            if (present && depth < 6) {
                String value = percent == 0 ? valid(property.getValue(), depth + 1)
                        : mutated(property.getValue(), depth + 1, percent);
                fields.add(string(property.getKey()) + ":" + value);
                if (percent > 0 && chance(percent / 4)) {
                    fields.add(string(property.getKey()) + ":" + valid(property.getValue(), depth + 1)); // named twice
                }
            }
        }
        if (percent > 0 && chance(percent / 2)) {
            fields.add(random.nextInt(fields.size() + 1), string(pick(List.of("$where", "$ne", "__proto__", "role",
                    "id", "unknownField", "", "\u0000"))) + ":" + wrong(schema));
        }
        return "{" + String.join(",", fields) + "}";
    }

    /** A value of the wrong type, shape or size for the schema. */
    String wrong(JsonNode schema) {
        schema = resolve(schema);
        String type = type(schema);
        int roll = random.nextInt(12);
        if (roll == 0) {
            return "null";
        }
        if (roll == 1) {
            return pick(List.of("true", "{}", "[]", "0", "\"\"", "{\"$ne\":null}", "[null]"));
        }
        if (roll == 2) {
            return nested(100 + random.nextInt(3_000));
        }
        return switch (type) {
            case "array" -> switch (random.nextInt(5)) {
                case 0 -> "[null]";
                case 1 -> "[" + valid(schema.path("items"), 3) + ",null]";
                case 2 -> "[" + String.join(",", java.util.Collections.nCopies(1_000 + random.nextInt(5_000),
                        valid(schema.path("items"), 5))) + "]";
                case 3 -> "[[" + valid(schema.path("items"), 5) + "]]";
                default -> "[" + wrong(schema.path("items")) + "]";
            };
            case "integer", "number" -> switch (random.nextInt(4)) {
                case 0 -> Long.toString(bound(schema, "minimum", Long.MIN_VALUE) - 1);
                case 1 -> Long.toString(bound(schema, "maximum", Long.MAX_VALUE - 1) + 1);
                case 2 -> string(Long.toString(inRange(schema)));
                default -> pick(ODD_NUMBERS);
            };
            case "boolean" -> pick(List.of("\"true\"", "1", "\"yes\""));
            case "object" -> pick(List.of("\"{}\"", "[" + valid(schema, 3) + "]", "1"));
            default -> string(wrongString(schema));
        };
    }

    private String wrongString(JsonNode schema) {
        int max = schema.path("maxLength").asInt(-1);
        return switch (random.nextInt(9)) {
            case 0, 1 -> pick(ODD_STRINGS);
            case 2 -> max >= 0 ? "x".repeat(max + 1) : "x".repeat(70_000);
            case 3 -> "x".repeat(70_000 + random.nextInt(200_000));
            case 4, 5 -> pick(ODD_INSTANTS);
            case 6 -> validString(schema) + pick(List.of("\u0000", "\u0007", "\uD800", "\u001b[31m", " "));
            case 7 -> validString(schema).toLowerCase() + "X";
            default -> randomText();
        };
    }

    // --- parameters

    /** A query, path or header parameter value: valid, or one of the odd ones for its type. */
    String parameter(JsonNode schema) {
        schema = resolve(schema);
        if (chance(40)) {
            return type(schema).equals("integer") || type(schema).equals("number") ? Long.toString(inRange(schema))
                    : validString(schema);
        }
        String format = schema.path("format").asText();
        return switch (random.nextInt(6)) {
            case 0 -> pick(ODD_NUMBERS);
            case 1, 2 -> format.startsWith("date") || chance(30) ? pick(ODD_INSTANTS) : pick(ODD_STRINGS);
            case 3 -> validString(schema) + pick(List.of("\u0000", "\n", "\u0007", "%", "'", "\\"));
            case 4 -> "x".repeat(1 + random.nextInt(3_000));
            default -> randomText();
        };
    }

    // --- values

    private String validString(JsonNode schema) {
        JsonNode values = schema.path("enum");
        if (values.isArray() && !values.isEmpty()) {
            return values.get(random.nextInt(values.size())).asText();
        }
        String format = schema.path("format").asText();
        if (format.equals("date-time")) {
            return Instant.now().minusSeconds(random.nextInt(1_000_000)).toString();
        }
        if (format.equals("date")) {
            return "2026-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10);
        }
        if (format.equals("email")) {
            return "fuzz" + random.nextInt(1000) + "@example.com";
        }
        int min = Math.max(1, schema.path("minLength").asInt(1));
        int max = schema.path("maxLength").asInt(Math.max(min, 40));
        String base = pick(List.of("fuzz", "printer", "billing", "hello world", "OPEN", "NORMAL", "a1-b2", "Hardware"));
        StringBuilder text = new StringBuilder(base);
        while (text.length() < min) {
            text.append('x');
        }
        return text.length() > max ? text.substring(0, Math.max(max, 0)) : text.toString();
    }

    private long inRange(JsonNode schema) {
        long min = bound(schema, "minimum", 0);
        long max = bound(schema, "maximum", Math.max(min, 100));
        return max <= min ? min : min + (long) (random.nextDouble() * Math.min(max - min + 1, 1_000_000));
    }

    private static long bound(JsonNode schema, String name, long otherwise) {
        JsonNode bound = schema.path(name);
        return bound.isNumber() && bound.canConvertToLong() ? bound.asLong() : otherwise;
    }

    private String randomText() {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(random.nextInt(3) == 0 ? random.nextInt(0x3000) : 'a' + random.nextInt(26));
        }
        return text.toString();
    }

    private String nested(int depth) {
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        return open.repeat(depth) + "1" + close.repeat(depth);
    }

    JsonNode resolve(JsonNode schema) {
        for (int i = 0; i < 10 && schema != null; i++) {
            if (schema.has("$ref")) {
                String ref = schema.get("$ref").asText();
                schema = schemas.path(ref.substring(ref.lastIndexOf('/') + 1));
            } else if (schema.has("allOf")) {
                schema = schema.get("allOf").get(0);
            } else if (schema.has("oneOf") || schema.has("anyOf")) {
                JsonNode options = schema.has("oneOf") ? schema.get("oneOf") : schema.get("anyOf");
                schema = options.get(random.nextInt(options.size()));
            } else {
                return schema;
            }
        }
        return schema;
    }

    private static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!t.asText().equals("null")) {
                    return t.asText();
                }
            }
        }
        if (type.isTextual()) {
            return type.asText();
        }
        return schema.has("properties") ? "object" : schema.has("items") ? "array" : "string";
    }

    /** The text as a JSON string; a lone surrogate is written as its escape, as an attacker would. */
    static String string(String raw) {
        StringBuilder json = new StringBuilder("\"");
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < raw.length()
                    && Character.isLowSurrogate(raw.charAt(i + 1)))) {
                json.append(String.format("\\u%04x", (int) c));
            } else if (Character.isHighSurrogate(c)) {
                json.append(c).append(raw.charAt(++i));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    /** The body as a short printable excerpt for a failure message. */
    static String shown(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).replace("\u0000", "\\u0000").replaceAll("\\p{Cntrl}", "?");
        return text.length() > 300 ? text.substring(0, 300) + "… (" + body.length + " bytes)" : text;
    }
}
