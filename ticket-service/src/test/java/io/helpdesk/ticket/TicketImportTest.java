package io.helpdesk.ticket;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;

import io.helpdesk.contracts.Channels;
import io.helpdesk.ticket.importing.ImportService;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class TicketImportTest {

    @Inject
    MongoClient mongo;

    @Inject
    RedisDataSource redis;

    @Inject
    ImportService imports;

    @Test
    void importsValidRowsRecordsBadOnesAndMailsAPdfReport() {
        TicketApi.Person agent = TicketApi.agent();
        TicketApi.Person ada = TicketApi.customer();
        String csv = "subject,description,priority,category,tags,customer_id\n"
                + "Printer jam,Paper stuck,HIGH,Hardware,printer;office," + ada.id() + "\n"
                + "VPN down,\"Cannot connect, since \"\"Monday\"\"\",urgent,Network,," + ada.id() + "\n"
                + ",No subject here,LOW,,," + ada.id() + "\n"
                + "Email,Bounce,SOMEDAY,,," + ada.id() + "\n"
                + "Orphan,No customer,LOW,,,\n";
        String jobId = submit(agent, csv, "tickets.csv").then().statusCode(202)
                .header("Location", startsWith("http"))
                .body("status", equalTo("QUEUED"))
                .extract().path("jobId");

        awaitFinished(agent, jobId);
        agent.as().when().get("/v1/ticket/import/" + jobId).then().statusCode(200)
                .body("status", equalTo("DONE"))
                .body("processed", equalTo(5))
                .body("succeeded", equalTo(2))
                .body("failed", equalTo(3))
                .body("errors.row", equalTo(List.of(3, 4, 5)))
                .body("errors[0].message", startsWith("subject"))
                .body("errors[1].message", startsWith("priority"))
                .body("errors[2].message", startsWith("customer_id"));

        ada.as().queryParam("sort", "createdAt").when().get("/v1/ticket").then()
                .body("total", equalTo(2))
                .body("items[0].subject", equalTo("Printer jam"))
                .body("items[0].tags", equalTo(List.of("printer", "office")))
                .body("items[1].priority", equalTo("URGENT"));

        byte[] pdf = agent.as().when().get("/v1/ticket/import/" + jobId + "/report").then().statusCode(200)
                .contentType("application/pdf").extract().asByteArray();
        assertTrue(new String(pdf, 0, 5, StandardCharsets.US_ASCII).startsWith("%PDF-"));

        List<Map<String, String>> requests = redis.stream(String.class)
                .xrange(Channels.NOTIFICATION_REQUESTS_STREAM, StreamRange.of("-", "+")).stream()
                .map(m -> m.payload()).filter(p -> p.get("envelope").contains(jobId)).toList();
        assertEquals(1, requests.size());
        assertTrue(requests.get(0).get("envelope").contains("\"template\":\"import-report\""));
        assertTrue(requests.get(0).get("envelope").contains("\"contentType\":\"application/pdf\""));
    }

    @Test
    void onlyTheImporterAndAdminsSeeAJobAndOnlyStaffImport() {
        TicketApi.Person agent = TicketApi.agent();
        String jobId = submit(agent, "subject,description,customer_id\nA,B,c-1\n", "one.csv").then().statusCode(202)
                .extract().path("jobId");
        TicketApi.agent().as().when().get("/v1/ticket/import/" + jobId).then().statusCode(404);
        TicketApi.admin().as().when().get("/v1/ticket/import/" + jobId).then().statusCode(200);
        submit(TicketApi.customer(), "subject,description,customer_id\n", "x.csv").then().statusCode(403);
        agent.as().multiPart("file", "x.png", new byte[] { 1, 2 }, "image/png").when().post("/v1/ticket/import")
                .then().statusCode(415);
        agent.as().when().get("/v1/ticket/import/no-such-job").then().statusCode(404);
    }

    @Test
    void aFileWithoutTheRequiredColumnsFailsWithAReason() {
        TicketApi.Person agent = TicketApi.agent();
        String jobId = submit(agent, "name,email\nAda,ada@example.com\n", "wrong.csv").then().statusCode(202)
                .extract().path("jobId");
        awaitFinished(agent, jobId);
        agent.as().when().get("/v1/ticket/import/" + jobId).then()
                .body("status", equalTo("FAILED"))
                .body("failure", startsWith("The header must name"));
    }

    @Test
    void replicasRacingForOneJobProcessItOnce() throws Exception {
        TicketApi.Person agent = TicketApi.agent();
        TicketApi.Person ada = TicketApi.customer();
        StringBuilder csv = new StringBuilder("subject,description,customer_id\n");
        for (int i = 0; i < 50; i++) {
            csv.append("Race ").append(i).append(",x,").append(ada.id()).append('\n');
        }
        String jobId = submit(agent, csv.toString(), "race.csv").then().statusCode(202).extract().path("jobId");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Callable<Integer>> workers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                workers.add(imports::runPending);
            }
            for (Future<Integer> worker : pool.invokeAll(workers)) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        awaitFinished(agent, jobId);
        assertEquals(50, mongo.getDatabase("tickets").getCollection("tickets").countDocuments(new Document("customerId", ada.id())));
    }

    @Test
    void tenThousandRowsImportAsAStream() {
        TicketApi.Person agent = TicketApi.agent();
        TicketApi.Person ada = TicketApi.customer();
        StringBuilder csv = new StringBuilder("subject,description,priority,customer_id\n");
        for (int i = 0; i < 10_000; i++) {
            csv.append("Bulk ").append(i).append(",Row ").append(i).append(",LOW,").append(ada.id()).append('\n');
        }
        String jobId = submit(agent, csv.toString(), "bulk.csv").then().statusCode(202).extract().path("jobId");
        Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                agent.as().when().get("/v1/ticket/import/" + jobId).then().body("status", equalTo("DONE")));
        agent.as().when().get("/v1/ticket/import/" + jobId).then().body("succeeded", equalTo(10_000));
        ada.as().queryParam("size", 1).when().get("/v1/ticket").then().body("total", equalTo(10_000));
    }

    private static Response submit(TicketApi.Person who, String csv, String filename) {
        return who.as().multiPart("file", filename, csv.getBytes(StandardCharsets.UTF_8), "text/csv")
                .when().post("/v1/ticket/import");
    }

    private static void awaitFinished(TicketApi.Person who, String jobId) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            String status = who.as().when().get("/v1/ticket/import/" + jobId).then().extract().path("status");
            assertTrue("DONE".equals(status) || "FAILED".equals(status), status);
        });
    }
}
