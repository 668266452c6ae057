package io.helpdesk.ticket.importing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import io.helpdesk.platform.documents.PdfText;

/** The PDF that tells the importer what happened: totals, then every failed row kept on the job. */
final class ImportReport {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final float MARGIN = 50;
    private static final float LINE = 14;
    private static final int MAX_LINE = 110;

    private ImportReport() {
    }

    static byte[] render(ImportJob job) throws IOException {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] { "B16", "Ticket import report" });
        lines.add(new String[] { "", "" });
        lines.add(new String[] { "R11", "File: " + job.filename });
        lines.add(new String[] { "R11", "Job: " + job.id });
        lines.add(new String[] { "R11", "Started: " + (job.startedAt == null ? "-" : TIME.format(job.startedAt)) });
        lines.add(new String[] { "R11", "Finished: " + (job.finishedAt == null ? "-" : TIME.format(job.finishedAt)) });
        lines.add(new String[] { "", "" });
        lines.add(new String[] { "B12", "Rows: " + job.processed + "    Created: " + job.succeeded + "    Failed: " + job.failed });
        if (job.failure != null) {
            lines.add(new String[] { "B11", "The import stopped: " + job.failure });
        }
        if (!job.errors.isEmpty()) {
            lines.add(new String[] { "", "" });
            lines.add(new String[] { "B12", "Rows that were not imported" });
            for (ImportJob.RowError error : job.errors) {
                lines.add(new String[] { "R10", "Row " + error.row + ": " + error.message });
            }
            if (job.failed > job.errors.size()) {
                lines.add(new String[] { "R10", "... and " + (job.failed - job.errors.size()) + " more" });
            }
        }
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPageContentStream content = null;
            float y = 0;
            for (String[] line : lines) {
                if (content == null || y < MARGIN) {
                    if (content != null) {
                        content.close();
                    }
                    PDPage page = new PDPage(PDRectangle.A4);
                    document.addPage(page);
                    content = new PDPageContentStream(document, page);
                    y = page.getMediaBox().getHeight() - MARGIN;
                }
                if (!line[0].isEmpty()) {
                    boolean bold = line[0].charAt(0) == 'B';
                    PDType1Font font = new PDType1Font(bold ? Standard14Fonts.FontName.HELVETICA_BOLD
                            : Standard14Fonts.FontName.HELVETICA);
                    content.beginText();
                    content.setFont(font, Float.parseFloat(line[0].substring(1)));
                    content.newLineAtOffset(MARGIN, y);
                    // File names and row errors are user text: what the font cannot draw becomes '?'.
                    content.showText(PdfText.printable(font, line[1], MAX_LINE));
                    content.endText();
                }
                y -= LINE + (line[0].endsWith("16") ? 6 : 0);
            }
            if (content != null) {
                content.close();
            }
            document.save(out);
            return out.toByteArray();
        }
    }
}
