package io.helpdesk.platform.web.input;

/** What counts as plain text for input that is stored or searched. */
public final class PlainText {

    private PlainText() {
    }

    /**
     * True when {@code text} has no control character (tab, line feed and carriage return allowed
     * where {@code lineBreaks}) and no unpaired surrogate.
     */
    public static boolean isPlain(String text, boolean lineBreaks) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return false;
            }
            if (Character.isLowSurrogate(c)) {
                return false;
            }
            if (Character.isISOControl(c) && !(lineBreaks && (c == '\t' || c == '\n' || c == '\r'))) {
                return false;
            }
        }
        return true;
    }
}
