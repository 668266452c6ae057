package io.helpdesk.platform.documents;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;

class PdfTextTest {

    private static final PDType1Font HELVETICA = new PDType1Font(Standard14Fonts.FontName.HELVETICA);

    @Test
    void charactersTheFontCannotShowBecomeQuestionMarks() {
        assertEquals("Report ? ?? ? ? ?a?b?c", PdfText.printable(HELVETICA,
                "Report \uD83D\uDE00 \u4E2D\u6587 \u0085 \u0007 \na\tb\rc"));
    }

    @Test
    void latinTextIsKeptAsItIs() {
        assertEquals("Café – naïve “quotes” €5 ß", PdfText.printable(HELVETICA, "Café – naïve “quotes” €5 ß"));
        assertEquals("", PdfText.printable(HELVETICA, null));
    }

    @Test
    void longTextIsCutByCharactersNotHalfwayThroughOne() {
        assertEquals("abcdefg...", PdfText.printable(HELVETICA, "abcdefghijklmnop", 10));
        assertEquals("short", PdfText.printable(HELVETICA, "short", 10));
    }

    @Test
    void everyCharacterOfTheBasicPlaneAndEmojiCanBeDrawn() {
        StringBuilder all = new StringBuilder();
        for (int c = 0; c < 0x10000; c++) {
            if (!Character.isSurrogate((char) c)) {
                all.appendCodePoint(c);
            }
        }
        all.append("\uD83D\uDCA9\uD83D\uDC4D\uD800");
        String printable = PdfText.printable(HELVETICA, all.toString());
        assertDoesNotThrow(() -> {
            try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(HELVETICA, 10);
                    content.newLineAtOffset(10, 10);
                    content.showText(printable);
                    content.endText();
                }
                document.save(out);
            }
        });
    }
}
