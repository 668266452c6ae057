package io.helpdesk.platform.documents;

import java.io.IOException;

import org.apache.pdfbox.pdmodel.font.PDFont;

/**
 * Text for a PDF page from anything a user typed. PDFBox throws when a font has no glyph for a
 * character (the standard 14 fonts know only WinAnsi: no emoji, no CJK, no control characters), and
 * a report must never fail because of a file name or a ticket's category: each character the font
 * cannot show becomes {@link #REPLACEMENT}.
 */
public final class PdfText {

    public static final String REPLACEMENT = "?";

    private PdfText() {
    }

    /** The text with every character the font cannot encode replaced; {@code ""} for null. */
    public static String printable(PDFont font, String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            String character = Character.toString(c);
            out.append(encodable(font, c, character) ? character : REPLACEMENT);
        });
        return out.toString();
    }

    /** {@link #printable(PDFont, String)}, cut to at most this many characters (ending in "..."). */
    public static String printable(PDFont font, String text, int maxLength) {
        String printable = printable(font, text);
        if (printable.codePointCount(0, printable.length()) <= maxLength) {
            return printable;
        }
        return printable.substring(0, printable.offsetByCodePoints(0, Math.max(0, maxLength - 3))) + "...";
    }

    private static boolean encodable(PDFont font, int codePoint, String character) {
        if (Character.isISOControl(codePoint) || !Character.isDefined(codePoint)) {
            return false;
        }
        try {
            font.encode(character);
            return true;
        } catch (IllegalArgumentException | IOException e) {
            return false;
        }
    }
}
