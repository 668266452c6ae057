package io.helpdesk.ticket;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;

import io.helpdesk.platform.contracts.Channels;
import io.helpdesk.platform.storage.ObjectStore;
import io.helpdesk.ticket.importing.ImportFiles;
import io.helpdesk.ticket.importing.ImportRunner;
import io.helpdesk.ticket.migration.GridFsMigration;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.junit.QuarkusMock;
import io.restassured.response.Response;

/**
 * CSV import as the API shows it, the same on every storage backend: a subclass runs these against one
 * ({@link TicketImportTest}, {@link TicketImportS3Test}).
 */
abstract class ImportSuite {

    @Inject
    MongoClient mongo;

    @Inject
    ObjectStore objects;

    @Inject
    GridFsMigration migration;

    @Inject
    RedisDataSource redis;

    @Inject
    ImportRunner imports;

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

        ada.as().queryParam("sort", "createdAt").queryParam("total", true).when().get("/v1/ticket").then()
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
    void rowsWithControlCharactersAreRowErrorsAndLineBreaksInADescriptionAreKept() {
        TicketApi.Person agent = TicketApi.agent();
        TicketApi.Person ada = TicketApi.customer();
        String csv = "subject,description,priority,category,tags,customer_id\n"
                + "Start\u0001of heading,Fine,LOW,,," + ada.id() + "\n"
                + "Bell,Ri\u0007ngs,LOW,,," + ada.id() + "\n"
                + "Two lines,\"First line\nSecond line\",LOW,,," + ada.id() + "\n";
        String jobId = submit(agent, csv, "controls.csv").then().statusCode(202).extract().path("jobId");

        awaitFinished(agent, jobId);
        agent.as().when().get("/v1/ticket/import/" + jobId).then().statusCode(200)
                .body("succeeded", equalTo(1))
                .body("failed", equalTo(2))
                .body("errors.row", equalTo(List.of(1, 2)))
                .body("errors[0].message", equalTo("subject: must not contain control characters"))
                .body("errors[1].message", equalTo("description: must not contain control characters"));
        ada.as().queryParam("total", true).when().get("/v1/ticket").then().body("total", equalTo(1))
                .body("items[0].subject", equalTo("Two lines"));
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
        ada.as().queryParam("size", 1).queryParam("total", true).when().get("/v1/ticket").then().body("total", equalTo(10_000));
    }

    @Test
    void aFileNameThePdfFontCannotDrawStillGetsItsReport() throws Exception {
        TicketApi.Person agent = TicketApi.agent();
        TicketApi.Person ada = TicketApi.customer();
        String filename = "Tickets \uD83D\uDE00 \u4E2D\u6587 \u0085\u0007 =cmd.csv";
        String csv = "subject,description,category,customer_id\n"
                + "Printer \uD83D\uDDA8,Paper \u4E2D,=HYPERLINK(\"x\")," + ada.id() + "\n";
        // Written by hand so the file name goes out as the UTF-8 bytes a browser sends.
        String body = "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: text/csv\r\n\r\n" + csv + "\r\n--b0undary--\r\n";
        String jobId = agent.as().contentType("multipart/form-data; boundary=b0undary")
                .body(body.getBytes(StandardCharsets.UTF_8)).when().post("/v1/ticket/import")
                .then().statusCode(202).extract().path("jobId");
        awaitFinished(agent, jobId);
        agent.as().when().get("/v1/ticket/import/" + jobId).then()
                .body("status", equalTo("DONE"))
                .body("filename", equalTo("Tickets \uD83D\uDE00 \u4E2D\u6587 __ =cmd.csv"))
                .body("processed", equalTo(1))
                .body("attempts", equalTo(1))
                .body("reportUrl", equalTo("/v1/ticket/import/" + jobId + "/report"));
        byte[] pdf = agent.as().when().get("/v1/ticket/import/" + jobId + "/report").then().statusCode(200)
                .extract().asByteArray();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document);
            assertTrue(text.contains("File: Tickets ? ?? __ =cmd.csv"), text);
        }
    }

    @Test
    void aJobThatKeepsFailingEndsFailedWithItsReasonAndTheJobsAroundItComplete() {
        TicketApi.Person agent = TicketApi.agent();
        TicketApi.Person ada = TicketApi.customer();
        String before = submit(agent, "subject,description,customer_id\nBefore,x," + ada.id() + "\n", "before.csv")
                .then().statusCode(202).extract().path("jobId");
        MongoCollection<Document> jobs = mongo.getDatabase("tickets").getCollection("import_jobs");
        // A job written without a file name (by hand, or by an older version): its report request
        // cannot be built, so every attempt fails after the rows.
        String poison = "poison-" + UUID.randomUUID();
        Document template = jobs.find(new Document("_id", before)).first();
        jobs.insertOne(new Document("_id", poison).append("status", "QUEUED").append("uploadKey", template.getString("uploadKey"))
                .append("createdBy", agent.id()).append("createdByRole", "AGENT").append("createdAt", new Date())
                .append("errors", List.of()).append("outbox", List.of()));
        String after = submit(agent, "subject,description,customer_id\nAfter,x," + ada.id() + "\n", "after.csv")
                .then().statusCode(202).extract().path("jobId");

        awaitFinished(agent, before);
        awaitFinished(agent, after);
        agent.as().when().get("/v1/ticket/import/" + before).then().body("status", equalTo("DONE"));
        agent.as().when().get("/v1/ticket/import/" + after).then().body("status", equalTo("DONE"))
                .body("succeeded", equalTo(1));
        awaitFinished(agent, poison);
        agent.as().when().get("/v1/ticket/import/" + poison).then().statusCode(200)
                .body("status", equalTo("FAILED"))
                .body("attempts", equalTo(3))
                .body("failure", startsWith("Gave up after 3 attempts: NullPointerException"));
    }

    @Test
    void theUploadAndTheReportOfAJobOfTheEarlierGridFsVersionAreMovedAndTheJobGoesOn() throws Exception {
        TicketApi.Person agent = TicketApi.agent();
        TicketApi.Person ada = TicketApi.customer();
        MongoDatabase database = mongo.getDatabase("tickets");
        GridFSBucket legacy = GridFSBuckets.create(database, "imports");
        MongoCollection<Document> jobs = database.getCollection("import_jobs");
        // Written as the earlier version wrote them: files in the GridFS bucket imports, their ids on the job.
        String queued = "legacy-" + UUID.randomUUID();
        ObjectId csv = legacy.uploadFromStream("old.csv", new ByteArrayInputStream(("subject,description,customer_id\n"
                + "From before,x," + ada.id() + "\n").getBytes(StandardCharsets.UTF_8)),
                new GridFSUploadOptions().metadata(new Document("jobId", queued).append("kind", "csv")));
        jobs.insertOne(new Document("_id", queued).append("status", "QUEUED").append("filename", "old.csv")
                .append("fileId", csv.toHexString()).append("createdBy", agent.id()).append("createdByRole", "AGENT")
                .append("createdAt", new Date()).append("attempts", 0).append("errors", List.of()).append("outbox", List.of()));
        String done = "legacy-" + UUID.randomUUID();
        byte[] pdf = "%PDF-1.4 the earlier report".getBytes(StandardCharsets.US_ASCII);
        ObjectId stale = legacy.uploadFromStream("import-report-" + done + ".pdf", new ByteArrayInputStream(new byte[] { 1 }),
                new GridFSUploadOptions().metadata(new Document("jobId", done).append("kind", "report")));
        ObjectId report = legacy.uploadFromStream("import-report-" + done + ".pdf", new ByteArrayInputStream(pdf),
                new GridFSUploadOptions().metadata(new Document("jobId", done).append("kind", "report")));
        ObjectId upload = legacy.uploadFromStream("done.csv", new ByteArrayInputStream("subject\n".getBytes()),
                new GridFSUploadOptions().metadata(new Document("jobId", done).append("kind", "csv")));
        jobs.insertOne(new Document("_id", done).append("status", "DONE").append("filename", "done.csv")
                .append("fileId", upload.toHexString()).append("reportFileId", report.toHexString())
                .append("createdBy", agent.id()).append("createdByRole", "AGENT").append("createdAt", new Date())
                .append("finishedAt", new Date()).append("attempts", 1).append("errors", List.of()).append("outbox", List.of()));
        agent.as().when().get("/v1/ticket/import/" + queued).then().body("status", equalTo("QUEUED"));
        assertTrue(stale.compareTo(report) < 0);

        assertEquals(3, migration.run(), "the queued job's upload, and the done job's upload and current report");
        assertEquals(1, database.getCollection("imports.files").countDocuments(),
                "only the queued job's upload is left in GridFS, for a replica of the earlier version that takes the job");
        assertEquals(1, database.getCollection("imports.files").countDocuments(new Document("_id", csv)));
        assertEquals(0, migration.run());

        assertEquals(ImportFiles.uploadKey(queued), jobs.find(new Document("_id", queued)).first().getString("uploadKey"));
        awaitFinished(agent, queued);
        agent.as().when().get("/v1/ticket/import/" + queued).then().body("status", equalTo("DONE")).body("succeeded", equalTo(1));
        migration.check();
        assertEquals(0, database.getCollection("imports.files").countDocuments(), "dropped once the job is done");
        ada.as().when().get("/v1/ticket").then().body("items[0].subject", equalTo("From before"));
        agent.as().when().get("/v1/ticket/import/" + done).then().body("status", equalTo("DONE"))
                .body("reportUrl", equalTo("/v1/ticket/import/" + done + "/report"));
        assertArrayEquals(pdf, agent.as().when().get("/v1/ticket/import/" + done + "/report").then().statusCode(200)
                .extract().asByteArray());
    }

    @Test
    void anUploadTheEarlierVersionStoresJustBeforeItsJobIsKeptAndTheNextCheckMovesItOnceTheJobIsThere() {
        TicketApi.Person agent = TicketApi.agent();
        TicketApi.Person ada = TicketApi.customer();
        MongoDatabase database = mongo.getDatabase("tickets");
        migration.run();
        // A replica of the earlier version during a rolling upgrade: the file first, its job just after.
        String queued = "late-" + UUID.randomUUID();
        ObjectId csv = GridFSBuckets.create(database, "imports").uploadFromStream("late.csv",
                new ByteArrayInputStream(("subject,description,customer_id\nDuring the upgrade,x," + ada.id() + "\n")
                        .getBytes(StandardCharsets.UTF_8)),
                new GridFSUploadOptions().metadata(new Document("jobId", queued).append("kind", "csv")));

        migration.check();
        assertEquals(1, database.getCollection("imports.files").countDocuments(new Document("_id", csv)),
                "a file whose job is not written yet is kept");

        database.getCollection("import_jobs").insertOne(new Document("_id", queued).append("status", "QUEUED")
                .append("filename", "late.csv").append("fileId", csv.toHexString()).append("createdBy", agent.id())
                .append("createdByRole", "AGENT").append("createdAt", new Date()).append("attempts", 0)
                .append("errors", List.of()).append("outbox", List.of()));
        migration.check();

        assertEquals(ImportFiles.uploadKey(queued),
                database.getCollection("import_jobs").find(new Document("_id", queued)).first().getString("uploadKey"));
        assertEquals(1, database.getCollection("imports.files").countDocuments(new Document("_id", csv)),
                "kept while the job is queued");
        awaitFinished(agent, queued);
        agent.as().when().get("/v1/ticket/import/" + queued).then().body("status", equalTo("DONE"))
                .body("succeeded", equalTo(1));
        migration.check();
        assertEquals(0, database.getCollection("imports.files").countDocuments(new Document("_id", csv)));
    }

    @Test
    void theUploadOfAJobTheEarlierVersionIsRunningIsCopiedButStaysInGridFsUntilTheJobIsFinished() throws IOException {
        TicketApi.Person agent = TicketApi.agent();
        TicketApi.Person ada = TicketApi.customer();
        MongoDatabase database = mongo.getDatabase("tickets");
        GridFSBucket legacy = GridFSBuckets.create(database, "imports");
        String running = "running-" + UUID.randomUUID();
        byte[] content = ("subject,description,customer_id\nWhile running,x," + ada.id() + "\n").getBytes(StandardCharsets.UTF_8);
        ObjectId csv = legacy.uploadFromStream("running.csv", new ByteArrayInputStream(content),
                new GridFSUploadOptions().metadata(new Document("jobId", running).append("kind", "csv")));
        // A replica of the earlier version has taken the job and is reading its upload from GridFS.
        database.getCollection("import_jobs").insertOne(new Document("_id", running).append("status", "RUNNING")
                .append("filename", "running.csv").append("fileId", csv.toHexString()).append("createdBy", agent.id())
                .append("createdByRole", "AGENT").append("createdAt", new Date()).append("startedAt", new Date())
                .append("attempts", 1).append("errors", List.of()).append("outbox", List.of()));

        assertEquals(1, migration.run());

        try (ObjectStore.StoredObject copy = objects.open(ImportFiles.uploadKey(running)).orElseThrow()) {
            assertArrayEquals(content, copy.content().readAllBytes(), "copied, so the new version can run it too");
        }
        assertEquals(1, database.getCollection("imports.files").countDocuments(new Document("_id", csv)));
        assertArrayEquals(content, legacy.openDownloadStream(csv).readAllBytes(),
                "the earlier version still finds the upload it opens");
        awaitFinished(agent, running);
        migration.check();
        assertEquals(0, database.getCollection("imports.files").countDocuments(new Document("_id", csv)),
                "dropped by the first check after the job is finished");
    }

    @Test
    void anImportWhoseBytesAreNotUtf8TextIsRefusedAndQueuesNoJob() throws IOException {
        TicketApi.Person agent = TicketApi.agent();
        MongoCollection<Document> jobs = mongo.getDatabase("tickets").getCollection("import_jobs");
        long before = jobs.countDocuments(new Document("createdBy", agent.id()));
        Map<String, byte[]> notText = new java.util.LinkedHashMap<>();
        notText.put("a PNG image", new byte[] { (byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13 });
        notText.put("a ZIP archive", AttachmentSuite.zip());
        notText.put("a Windows program", AttachmentSuite.windowsProgram());
        notText.put("a NUL byte", "subject,description,customer_id\nA\u0000B,x,c-1\n".getBytes(StandardCharsets.UTF_8));
        notText.put("invalid UTF-8", concat("subject,description,customer_id\nCaf".getBytes(StandardCharsets.UTF_8),
                new byte[] { (byte) 0xE9, ',', 'x', ',', 'c', '\n' }));
        for (Map.Entry<String, byte[]> file : notText.entrySet()) {
            agent.as().multiPart("file", "tickets.csv", file.getValue(), "text/csv").when().post("/v1/ticket/import")
                    .then().statusCode(415).contentType(startsWith("application/problem+json"))
                    .body("errors[0].field", equalTo("file"));
        }
        assertEquals(before, jobs.countDocuments(new Document("createdBy", agent.id())), "no job was queued");
    }

    @Test
    void anEmptyImportIsA400AndOneOverTheLimitA413() {
        TicketApi.Person agent = TicketApi.agent();
        MongoCollection<Document> jobs = mongo.getDatabase("tickets").getCollection("import_jobs");
        agent.as().multiPart("file", "empty.csv", new byte[0], "text/csv").when().post("/v1/ticket/import")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("file")).body("errors[0].detail", equalTo("is empty"));
        byte[] huge = new byte[20 * 1024 * 1024 + 1];
        java.util.Arrays.fill(huge, (byte) 'a');
        agent.as().multiPart("file", "huge.csv", huge, "text/csv").when().post("/v1/ticket/import")
                .then().statusCode(413).contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("file"));
        assertEquals(0, jobs.countDocuments(new Document("createdBy", agent.id())), "no job was queued");
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    @Test
    void theUploadIsClosedWhenAnAttemptFailsAfterItWasOpened() {
        TicketApi.Person agent = TicketApi.agent();
        TicketApi.Person ada = TicketApi.customer();
        String jobId = "unclosed-" + UUID.randomUUID();
        String key = ImportFiles.uploadKey(jobId);
        objects.put(key, "text/csv", ("subject,description,customer_id\nA,x," + ada.id() + "\n").getBytes(StandardCharsets.UTF_8));
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        QuarkusMock.installMockForType(new ImportFiles(objects) {
            @Override
            public Optional<InputStream> open(String opening) {
                Optional<InputStream> upload = super.open(opening);
                if (!opening.equals(key)) {
                    return upload;
                }
                opened.incrementAndGet();
                return upload.map(in -> new FilterInputStream(in) {
                    private boolean done;

                    @Override
                    public void close() throws IOException {
                        if (!done) {
                            done = true;
                            closed.incrementAndGet();
                        }
                        super.close();
                    }
                });
            }
        }, ImportFiles.class);
        // A job whose document breaks the worker after the upload is open (no error list to clear).
        MongoCollection<Document> jobs = mongo.getDatabase("tickets").getCollection("import_jobs");
        jobs.insertOne(new Document("_id", jobId)
                .append("status", "QUEUED").append("filename", "broken.csv").append("uploadKey", key)
                .append("createdBy", agent.id()).append("createdByRole", "AGENT").append("createdAt", new Date())
                .append("attempts", 0).append("errors", null).append("outbox", List.of()));

        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertEquals("FAILED", jobs.find(new Document("_id", jobId)).first().getString("status")));

        assertEquals(3, jobs.find(new Document("_id", jobId)).first().getInteger("attempts"));
        assertEquals(3, opened.get());
        assertEquals(opened.get(), closed.get(), "every attempt closed the upload it opened");
    }

    static Response submit(TicketApi.Person who, String csv, String filename) {
        return who.as().multiPart("file", filename, csv.getBytes(StandardCharsets.UTF_8), "text/csv")
                .when().post("/v1/ticket/import");
    }

    static void awaitFinished(TicketApi.Person who, String jobId) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            String status = who.as().when().get("/v1/ticket/import/" + jobId).then().extract().path("status");
            assertTrue("DONE".equals(status) || "FAILED".equals(status), status);
        });
    }
}
