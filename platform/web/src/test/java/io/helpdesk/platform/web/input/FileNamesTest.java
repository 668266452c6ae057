package io.helpdesk.platform.web.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FileNamesTest {

    @Test
    void aFileNameKeepsOnlyItsLastSegmentInSafeCharacters() {
        assertEquals("passwd", FileNames.safe("../../etc/passwd"));
        assertEquals("win.ini", FileNames.safe("..\\..\\win.ini"));
        assertEquals("a_b.txt", FileNames.safe("a\u0000b.txt"));
        assertEquals("screen shot.png", FileNames.safe("screen shot.png"));
        assertEquals("na_me.txt", FileNames.safe("na\"me.txt"));
        assertEquals("hidden", FileNames.safe(".hidden"));
        assertEquals("_.png", FileNames.safe("\uD83D\uDE00.png"));
        assertEquals("_.txt", FileNames.safe("\uD800.txt"));
    }

    @Test
    void nothingLeftIsTheFallbackAndLongNamesAreCut() {
        for (String name : new String[] { null, "", " ", ".", "..", "/", "dir/", "\\" }) {
            assertEquals(FileNames.FALLBACK, FileNames.safe(name), String.valueOf(name));
        }
        assertEquals(FileNames.MAX_LENGTH, FileNames.safe("x".repeat(10_000)).length());
    }

    @Test
    void plainTextHasNoControlCharacterOrLoneSurrogate() {
        assertTrue(PlainText.isPlain("hello \uD83D\uDE00", false));
        assertTrue(PlainText.isPlain("two\r\nlines\tand a tab", true));
        assertFalse(PlainText.isPlain("two\nlines", false));
        assertFalse(PlainText.isPlain("nul\u0000", true));
        assertFalse(PlainText.isPlain("\u007f", true));
        assertFalse(PlainText.isPlain("\uD800", true));
        assertFalse(PlainText.isPlain("\uDC00x", true));
    }
}
