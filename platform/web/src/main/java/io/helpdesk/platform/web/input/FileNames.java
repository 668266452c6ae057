package io.helpdesk.platform.web.input;

/**
 * File names from uploads, made safe to store, to show and to send back in a
 * {@code Content-Disposition} header. Plain string work: {@code java.nio.file.Path} would refuse
 * (with an exception) names it cannot represent, such as one with a NUL in it.
 */
public final class FileNames {

    public static final String FALLBACK = "attachment";
    public static final int MAX_LENGTH = 150;

    private FileNames() {
    }

    /**
     * The last segment of {@code name} (after any {@code /} or {@code \}), with every character
     * outside {@code A-Z a-z 0-9 . _ space -} replaced by {@code _}, trimmed, without leading dots
     * (no {@code .} or {@code ..}, no hidden files), at most {@value #MAX_LENGTH} characters;
     * {@value #FALLBACK} when nothing is left.
     */
    public static String safe(String name) {
        if (name == null) {
            return FALLBACK;
        }
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        String base = name.substring(slash + 1);
        StringBuilder cleaned = new StringBuilder(Math.min(base.length(), MAX_LENGTH));
        base.codePoints().limit(MAX_LENGTH * 2L).forEach(c -> cleaned.append(
                c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == ' ' || c == '-') ? (char) c : '_'));
        String result = cleaned.toString().strip().replaceFirst("^\\.+", "").strip();
        if (result.length() > MAX_LENGTH) {
            result = result.substring(0, MAX_LENGTH).strip();
        }
        return result.isEmpty() ? FALLBACK : result;
    }
}
