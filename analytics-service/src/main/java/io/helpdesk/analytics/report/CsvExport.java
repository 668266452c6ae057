package io.helpdesk.analytics.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

/**
 * A CSV download that is safe to open in a spreadsheet. Every cell is quoted (RFC 4180 through
 * commons-csv, {@link QuoteMode#ALL}), so commas, quotes and line breaks in a category or an id
 * stay inside their cell; and a cell starting with {@code = + - @}, a tab or a carriage return,
 * which a spreadsheet would run as a formula, gets a leading single quote, as OWASP's
 * CSV-injection guidance advises.
 */
final class CsvExport {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setQuoteMode(QuoteMode.ALL).get();
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private final StringBuilder out = new StringBuilder();
    private final CSVPrinter printer;

    CsvExport(String... header) {
        try {
            printer = new CSVPrinter(out, FORMAT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        row((Object[]) header);
    }

    /** Appends a row; null cells are empty. */
    CsvExport row(Object... cells) {
        try {
            printer.printRecord(Arrays.stream(cells).map(CsvExport::cell));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The cell as text, neutralised when a spreadsheet would take it for a formula. */
    static String cell(Object value) {
        String text = value == null ? "" : value.toString();
        return !text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
