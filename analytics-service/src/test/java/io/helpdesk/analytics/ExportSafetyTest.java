package io.helpdesk.analytics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.contracts.TicketEvents;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.testing.TestStreams;
import io.helpdesk.platform.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** Ticket text that is hostile to spreadsheets and to PDF fonts, exported as CSV and PDF. */
@QuarkusTest
class ExportSafetyTest {

    static final String FROM = "2023-06-01T00:00:00Z";
    static final String TO = "2023-06-08T00:00:00Z";

    /** Formulas, separators, quotes, line breaks, and characters no PDF standard font has. */
    static final List<String> CATEGORIES = List.of("=HYPERLINK(\"http://evil.example\",\"x\")",
            "+1+cmd|' /C calc'!A0", "a,b \"c\"\nd\r\ne", "Drucker \uD83D\uDE00 \u4E2D\u6587 \u0085\u0007", "\t=1+1");
    static final List<String> AGENTS = List.of("-2+3", "@SUM(1+1)", "\r=1+1", "agent,\"x\"\n", "=cmd|' /C calc'!A0");

    @Test
    void hostileCategoriesAndAgentIdsStayInTheirCellsAndNeverRunAsFormulas() throws IOException {
        load();
        String csv = as(Roles.ADMIN).queryParam("from", FROM).queryParam("to", TO).queryParam("format", "csv")
                .when().get("/v1/analytics/overview").then().statusCode(200).extract().asString();
        List<CSVRecord> records = CSVFormat.RFC4180.parse(new StringReader(csv)).getRecords();
        records.forEach(r -> assertEquals(3, r.size(), "three columns in " + r));
        assertEquals(List.of("section", "key", "value"), records.get(0).toList());
        for (CSVRecord record : records) {
            for (String cell : record) {
                assertTrue(cell.isEmpty() || "=+-@\t\r".indexOf(cell.charAt(0)) < 0, "a formula cell: " + cell);
            }
        }
        Map<String, String> categories = section(records, "top_category");
        Map<String, String> agents = section(records, "top_agent_resolved");
        for (int i = 0; i < CATEGORIES.size(); i++) {
            assertEquals("1", categories.get(neutralised(CATEGORIES.get(i))), CATEGORIES.get(i) + " in " + categories);
            assertEquals("1", agents.get(neutralised(AGENTS.get(i))), AGENTS.get(i) + " in " + agents);
        }
        Map<String, String> responses = section(records, "first_response_by_category");
        assertEquals("1", responses.get(neutralised(CATEGORIES.get(0)) + "/count"));
        assertEquals("3600.0", responses.get(neutralised(CATEGORIES.get(0)) + "/median_seconds"));
        assertTrue(csv.startsWith("\"section\",\"key\",\"value\"\r\n"), csv);
    }

    @Test
    void textThePdfFontCannotDrawBecomesAQuestionMark() throws IOException {
        load();
        byte[] pdf = as(Roles.ADMIN).queryParam("from", FROM).queryParam("to", TO).queryParam("format", "pdf")
                .when().get("/v1/analytics/overview").then().statusCode(200).contentType("application/pdf")
                .extract().asByteArray();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document);
            assertTrue(text.contains("Top categories"), text);
            assertTrue(text.contains("Drucker ? ?? ??: 1 tickets"), text);
            assertTrue(text.contains("=HYPERLINK(\"http://evil.example\",\"x\"): 1 tickets"), text);
        }
    }

    private static boolean loaded;

    /** Five resolved tickets in June 2023, each with a hostile category and assignee (published once). */
    private static synchronized void load() {
        if (!loaded) {
            Instant created = Instant.parse("2023-06-02T00:00:00Z");
            for (int i = 0; i < CATEGORIES.size(); i++) {
                TicketEvents.TicketSnapshot ticket = new TicketEvents.TicketSnapshot("hostile-" + i,
                        "Subject " + CATEGORIES.get(i), "RESOLVED", "HIGH", CATEGORIES.get(i), List.of(), "customer-" + i,
                        null, AGENTS.get(i), created, created, created.plus(Duration.ofHours(1)),
                        created.plus(Duration.ofHours(2)), null, created.plus(Duration.ofHours(4)), false, false, 1,
                        null, false);
                TestStreams.event(EventType.TICKET_UPDATED, "test", ticket.ticketId(), 1,
                        new TicketEvents.Payload(ticket, null, null, null, List.of())).publish();
            }
            loaded = true;
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(Roles.ADMIN)
                .queryParam("from", FROM).queryParam("to", TO).when().get("/v1/analytics/overview").then()
                .body("report.total", equalTo(CATEGORIES.size())));
    }

    private static Map<String, String> section(List<CSVRecord> records, String section) {
        return records.stream().filter(r -> r.get(0).equals(section))
                .collect(Collectors.toMap(r -> r.get(1), r -> r.get(2)));
    }

    private static String neutralised(String cell) {
        return !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0 ? "'" + cell : cell;
    }

    private static RequestSpecification as(String role) {
        return given().auth().oauth2(TestTokens.forUser(role.toLowerCase() + "-1").role(role).sign());
    }
}
