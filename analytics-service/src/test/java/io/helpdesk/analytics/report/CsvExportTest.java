package io.helpdesk.analytics.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class CsvExportTest {

    /** Cells a spreadsheet would run, or that would break columns if written bare. */
    static final List<String> HOSTILE = List.of("=HYPERLINK(\"http://evil.example\",\"x\")", "+1+cmd|' /C calc'!A0",
            "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "a,b \"c\"\nd\r\ne", "\"", ",", "");

    @Test
    void everyCellIsQuotedAndFormulasAreNeutralisedInEveryColumn() throws IOException {
        int columns = 3;
        CsvExport csv = new CsvExport("first", "second", "third");
        for (String hostile : HOSTILE) {
            for (int column = 0; column < columns; column++) {
                Object[] row = { "ok", 7L, null };
                row[column] = hostile;
                csv.row(row);
            }
        }
        List<CSVRecord> records = parse(csv.toString());
        assertEquals(1 + HOSTILE.size() * columns, records.size());
        assertEquals(List.of("first", "second", "third"), records.get(0).toList());
        int index = 1;
        for (String hostile : HOSTILE) {
            for (int column = 0; column < columns; column++) {
                CSVRecord record = records.get(index++);
                assertEquals(columns, record.size(), "columns of " + record);
                assertEquals(CsvExport.cell(hostile), record.get(column));
            }
        }
    }

    @Test
    void aFormulaGetsASingleQuoteAndPlainTextStaysAsItIs() {
        assertEquals("'=1+1", CsvExport.cell("=1+1"));
        assertEquals("'+1", CsvExport.cell("+1"));
        assertEquals("'-1", CsvExport.cell("-1"));
        assertEquals("'@A1", CsvExport.cell("@A1"));
        assertEquals("'\tx", CsvExport.cell("\tx"));
        assertEquals("'\rx", CsvExport.cell("\rx"));
        assertEquals("Hardware, \"big\" ones", CsvExport.cell("Hardware, \"big\" ones"));
        assertEquals("a=b", CsvExport.cell("a=b"));
        assertEquals("", CsvExport.cell(null));
        assertEquals("\"'=1+1\",\"x\"\r\n", new CsvExport("=1+1", "x").toString());
    }

    static List<CSVRecord> parse(String csv) throws IOException {
        return new ArrayList<>(CSVFormat.RFC4180.parse(new StringReader(csv)).getRecords());
    }
}
