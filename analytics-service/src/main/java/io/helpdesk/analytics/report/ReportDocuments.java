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

/** CSV and PDF renderings of the reports; the PDF has charts drawn by JFreeChart. */
@ApplicationScoped
public class ReportDocuments {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    static {
        System.setProperty("java.awt.headless", "true");
    }

    public String overviewCsv(Reports.Overview o) {
        StringBuilder csv = new StringBuilder("section,key,value\n");
        csv.append("window,from,").append(o.from()).append('\n').append("window,to,").append(o.to()).append('\n');
        csv.append("total,tickets,").append(o.total()).append('\n');
        o.byStatus().forEach((k, v) -> csv.append("status,").append(k).append(',').append(v).append('\n'));
        o.byPriority().forEach((k, v) -> csv.append("priority,").append(k).append(',').append(v).append('\n'));
        o.openedPerDay().forEach(c -> csv.append("opened_per_day,").append(c.key()).append(',').append(c.count()).append('\n'));
        times(csv, "first_response_by_priority", o.firstResponseByPriority());
        times(csv, "first_response_by_category", o.firstResponseByCategory());
        times(csv, "resolution_by_priority", o.resolutionByPriority());
        times(csv, "resolution_by_category", o.resolutionByCategory());
        csv.append("sla,breach_rate,").append(String.format(Locale.ROOT, "%.4f", o.slaBreachRate())).append('\n');
        o.backlogAgeing().forEach((k, v) -> csv.append("backlog_age,").append(k).append(',').append(v).append('\n'));
        o.topCategories().forEach(c -> csv.append("top_category,").append(quote(c.key())).append(',').append(c.count()).append('\n'));
        o.topAgents().forEach(a -> csv.append("top_agent_resolved,").append(a.agentId()).append(',').append(a.resolved()).append('\n'));
        csv.append("customers,with_open_tickets,").append(o.customersWithOpenTickets()).append('\n');
        return csv.toString();
    }

    public String trendsCsv(List<Reports.TrendPoint> points) {
        StringBuilder csv = new StringBuilder("period,opened,resolved,breached,average_first_response_seconds\n");
        for (Reports.TrendPoint p : points) {
            csv.append(p.period()).append(',').append(p.opened()).append(',').append(p.resolved()).append(',')
                    .append(p.breached()).append(',').append(p.averageFirstResponseSeconds() == null ? ""
                            : String.format(Locale.ROOT, "%.1f", p.averageFirstResponseSeconds()))
                    .append('\n');
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
                        + "   Tickets: " + o.total() + "   SLA breach rate: "
                        + String.format(Locale.ROOT, "%.1f%%", o.slaBreachRate() * 100)
                        + "   Customers waiting: " + o.customersWithOpenTickets());
                chart(document, content, ChartFactory.createBarChart("Tickets opened per day", null, "Tickets", perDay,
                        PlotOrientation.VERTICAL, false, false, false), 50, top - 270, 495, 230);
                chart(document, content, ChartFactory.createPieChart("By status", status, true, false, false),
                        50, top - 500, 240, 220);
                chart(document, content, ChartFactory.createBarChart("Backlog age", null, "Open", backlog,
                        PlotOrientation.VERTICAL, false, false, false), 305, top - 500, 240, 220);
                chart(document, content, ChartFactory.createBarChart("Median first response by priority", null, "Hours",
                        response, PlotOrientation.VERTICAL, false, false, false), 50, top - 740, 495, 220);
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
        content.setFont(new PDType1Font(bold ? Standard14Fonts.FontName.HELVETICA_BOLD : Standard14Fonts.FontName.HELVETICA), size);
        content.newLineAtOffset(x, y);
        content.showText(text);
        content.endText();
    }

    private static void times(StringBuilder csv, String section, Map<String, Reports.Times> times) {
        times.forEach((k, t) -> {
            csv.append(section).append(',').append(quote(k + "/count")).append(',').append(t.count()).append('\n');
            csv.append(section).append(',').append(quote(k + "/average_seconds")).append(',')
                    .append(t.averageSeconds() == null ? "" : String.format(Locale.ROOT, "%.1f", t.averageSeconds())).append('\n');
            csv.append(section).append(',').append(quote(k + "/median_seconds")).append(',')
                    .append(t.medianSeconds() == null ? "" : String.format(Locale.ROOT, "%.1f", t.medianSeconds())).append('\n');
        });
    }

    private static String quote(String value) {
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
