package io.helpdesk.analytics.report;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.general.DefaultPieDataset;

import io.helpdesk.platform.documents.PdfText;

/** CSV and PDF renderings of the reports; the PDF has charts drawn by JFreeChart and the leaders as text. */
@ApplicationScoped
public class ReportDocuments {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    static {
        System.setProperty("java.awt.headless", "true");
    }

    public String overviewCsv(Reports.Overview o) {
        CsvExport csv = new CsvExport("section", "key", "value");
        csv.row("window", "from", o.from()).row("window", "to", o.to());
        csv.row("total", "tickets", o.total());
        o.byStatus().forEach((k, v) -> csv.row("status", k, v));
        o.byPriority().forEach((k, v) -> csv.row("priority", k, v));
        o.openedPerDay().forEach(c -> csv.row("opened_per_day", c.key(), c.count()));
        times(csv, "first_response_by_priority", o.firstResponseByPriority());
        times(csv, "first_response_by_category", o.firstResponseByCategory());
        times(csv, "resolution_by_priority", o.resolutionByPriority());
        times(csv, "resolution_by_category", o.resolutionByCategory());
        csv.row("sla", "breach_rate", String.format(Locale.ROOT, "%.4f", o.slaBreachRate()));
        csv.row("sla", "breaches", o.slaBreaches());
        csv.row("first_response_sla", "breaches", o.firstResponseBreaches());
        csv.row("first_response_sla", "breach_rate", String.format(Locale.ROOT, "%.4f", o.firstResponseBreachRate()));
        o.backlogAgeing().forEach((k, v) -> csv.row("backlog_age", k, v));
        o.topCategories().forEach(c -> csv.row("top_category", c.key(), c.count()));
        o.topAgents().forEach(a -> {
            csv.row("top_agent_resolved", a.agentId(), a.resolved());
            csv.row("top_agent_name", a.agentId(), a.agentName());
            csv.row("top_agent_first_response_breaches", a.agentId(), a.firstResponseBreaches());
        });
        csv.row("customers", "with_open_tickets", o.customersWithOpenTickets());
        return csv.toString();
    }

    public String trendsCsv(List<Reports.TrendPoint> points) {
        CsvExport csv = new CsvExport("period", "opened", "resolved", "breached", "average_first_response_seconds",
                "first_response_breached");
        for (Reports.TrendPoint p : points) {
            csv.row(p.period(), p.opened(), p.resolved(), p.breached(), seconds(p.averageFirstResponseSeconds()),
                    p.firstResponseBreached());
        }
        return csv.toString();
    }

    public byte[] overviewPdf(Reports.Overview o) {
        DefaultCategoryDataset perDay = new DefaultCategoryDataset();
        o.openedPerDay().forEach(c -> perDay.addValue(c.count(), "Opened", c.key().substring(5)));
        DefaultPieDataset<String> status = new DefaultPieDataset<>();
        o.byStatus().forEach(status::setValue);
        DefaultCategoryDataset backlog = new DefaultCategoryDataset();
        o.backlogAgeing().forEach((k, v) -> backlog.addValue(v, "Open tickets", k));
        DefaultCategoryDataset response = new DefaultCategoryDataset();
        Reports.PRIORITIES.forEach(p -> {
            Reports.Times t = o.firstResponseByPriority().get(p);
            response.addValue(t == null || t.medianSeconds() == null ? 0 : t.medianSeconds() / 3600.0, "Median hours", p);
        });
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                float top = page.getMediaBox().getHeight() - 50;
                text(content, 50, top, 18, true, "Help-desk report");
                text(content, 50, top - 22, 11, false, DAY.format(o.from()) + " to " + DAY.format(o.to())
                        + "   Tickets: " + o.total() + "   Customers waiting: " + o.customersWithOpenTickets());
                text(content, 50, top - 35, 11, false, "SLA breach rate: "
                        + String.format(Locale.ROOT, "%.1f%%", o.slaBreachRate() * 100)
                        + "   First response breach rate: "
                        + String.format(Locale.ROOT, "%.1f%%", o.firstResponseBreachRate() * 100));
                chart(document, content, ChartFactory.createBarChart("Tickets opened per day", null, "Tickets", perDay,
                        PlotOrientation.VERTICAL, false, false, false), 50, top - 270, 495, 230);
                chart(document, content, ChartFactory.createPieChart("By status", status, true, false, false),
                        50, top - 500, 240, 220);
                chart(document, content, ChartFactory.createBarChart("Backlog age", null, "Open", backlog,
                        PlotOrientation.VERTICAL, false, false, false), 305, top - 500, 240, 220);
                chart(document, content, ChartFactory.createBarChart("Median first response by priority", null, "Hours",
                        response, PlotOrientation.VERTICAL, false, false, false), 50, top - 740, 495, 220);
            }
            PDPage leaders = new PDPage(PDRectangle.A4);
            document.addPage(leaders);
            try (PDPageContentStream content = new PDPageContentStream(document, leaders)) {
                float y = leaders.getMediaBox().getHeight() - 50;
                text(content, 50, y, 14, true, "Top categories");
                for (Reports.Count c : o.topCategories()) {
                    y -= 16;
                    text(content, 60, y, 11, false, c.key() + ": " + c.count() + " tickets");
                }
                y -= 30;
                text(content, 50, y, 14, true, "Top agents by resolved tickets");
                for (Reports.AgentFigure a : o.topAgents()) {
                    y -= 16;
                    String who = a.agentName() == null ? a.agentId() : a.agentName() + " (" + a.agentId() + ")";
                    text(content, 60, y, 11, false, who + ": " + a.resolved() + " resolved, "
                            + a.firstResponseBreaches() + " first responses late");
                }
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("The PDF report cannot be drawn", e);
        }
    }

    private static void chart(PDDocument document, PDPageContentStream content, JFreeChart chart, float x, float y,
            float width, float height) throws IOException {
        chart.setBackgroundPaint(Color.WHITE);
        BufferedImage image = chart.createBufferedImage((int) width * 2, (int) height * 2);
        PDImageXObject picture = LosslessFactory.createFromImage(document, image);
        content.drawImage(picture, x, y, width, height);
    }

    private static void text(PDPageContentStream content, float x, float y, float size, boolean bold, String text)
            throws IOException {
        content.beginText();
        PDType1Font font = new PDType1Font(bold ? Standard14Fonts.FontName.HELVETICA_BOLD : Standard14Fonts.FontName.HELVETICA);
        content.setFont(font, size);
        content.newLineAtOffset(x, y);
        // Categories and ids are user text: what the font cannot draw becomes '?', never an exception.
        content.showText(PdfText.printable(font, text, 90));
        content.endText();
    }

    private static void times(CsvExport csv, String section, Map<String, Reports.Times> times) {
        times.forEach((k, t) -> {
            csv.row(section, k + "/count", t.count());
            csv.row(section, k + "/average_seconds", seconds(t.averageSeconds()));
            csv.row(section, k + "/median_seconds", seconds(t.medianSeconds()));
        });
    }

    private static String seconds(Double seconds) {
        return seconds == null ? "" : String.format(Locale.ROOT, "%.1f", seconds);
    }
}
