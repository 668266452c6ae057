package io.helpdesk.system;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Random request bodies for the fuzz pass: well-formed JSON of random shapes and values (the field
 * names the services use among them, so validation is reached), and malformed bytes.
 */
final class Fuzz {

    private static final List<String> FIELDS = List.of("email", "password", "name", "subject", "description", "priority",
            "text", "internal", "status", "assigneeId", "role", "refreshToken", "otp", "newPassword", "currentPassword",
            "tags", "category", "customerId", "ticketMail", "phone", "locale", "userId", "$where", "$ne", "__proto__");
    private static final List<String> STRINGS = List.of("", " ", "null", "OPEN", "CLOSED", "URGENT", "ADMIN",
            "admin@helpdesk.local", "a@b", "{\"$ne\":null}", "../../etc/passwd", "<script>alert(1)</script>",
            "' OR 1=1 --", "\u0000", "\uD83D\uDE00", "\uFFFF", "9".repeat(400), "x".repeat(70_000), "2026-13-45T99:99:99Z",
            "-1", "NaN");

    private Fuzz() {
    }

    static byte[] body(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> malformed(random);
            case 1 -> randomBytes(random);
            default -> value(random, 0, true).getBytes(StandardCharsets.UTF_8);
        };
    }

    /** The body as a short printable excerpt for a failure message. */
    static String shown(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", "?");
        return text.length() > 200 ? text.substring(0, 200) + "… (" + body.length + " bytes)" : text;
    }

    private static String value(Random random, int depth, boolean object) {
        int kind = object ? 0 : random.nextInt(depth > 3 ? 5 : 7);
        return switch (kind) {
            case 0 -> {
                StringBuilder json = new StringBuilder("{");
                int fields = random.nextInt(6);
                for (int i = 0; i < fields; i++) {
                    json.append(i == 0 ? "" : ",").append(string(FIELDS.get(random.nextInt(FIELDS.size()))))
                            .append(':').append(value(random, depth + 1, false));
                }
                yield json.append('}').toString();
            }
            case 1 -> string(STRINGS.get(random.nextInt(STRINGS.size())));
            case 2 -> List.of("0", "-1", "1e309", "12345678901234567890123", "0.5", "-0").get(random.nextInt(6));
            case 3 -> List.of("true", "false", "null").get(random.nextInt(3));
            case 4 -> string(randomText(random));
            default -> {
                StringBuilder json = new StringBuilder("[");
                int items = random.nextInt(4);
                for (int i = 0; i < items; i++) {
                    json.append(i == 0 ? "" : ",").append(value(random, depth + 1, false));
                }
                yield json.append(']').toString();
            }
        };
    }

    private static byte[] malformed(Random random) {
        String valid = value(random, 0, true);
        return switch (random.nextInt(5)) {
            case 0 -> valid.substring(0, valid.length() / 2).getBytes(StandardCharsets.UTF_8);
            case 1 -> (valid + "}").getBytes(StandardCharsets.UTF_8);
            case 2 -> valid.replace(':', '=').getBytes(StandardCharsets.UTF_8);
            case 3 -> "{\"a\":1,}".getBytes(StandardCharsets.UTF_8);
            default -> new byte[0];
        };
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[1 + random.nextInt(300)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(random.nextInt(3) == 0 ? random.nextInt(0x3000) : 'a' + random.nextInt(26));
        }
        return text.toString();
    }

    private static String string(String raw) {
        StringBuilder json = new StringBuilder("\"");
        raw.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                json.append('\\').appendCodePoint(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", c));
            } else {
                json.appendCodePoint(c);
            }
        });
        return json.append('"').toString();
    }
}
