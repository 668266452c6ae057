package io.helpdesk.ticket;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Date;
import java.util.Map;

import jakarta.inject.Inject;

import org.bson.BsonString;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;

import io.helpdesk.platform.storage.ObjectStore;
import io.helpdesk.ticket.attachment.AttachmentStore;
import io.helpdesk.ticket.migration.GridFsMigration;

/**
 * Attachments as the API shows them, the same on every storage backend: a subclass runs these against
 * one ({@link AttachmentGridFsTest}, {@link AttachmentS3Test}).
 */
abstract class AttachmentSuite {

    static final byte[] PNG = new byte[] { (byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3 };

    @Inject
    MongoClient mongo;

    @Inject
    ObjectStore objects;

    @Inject
    GridFsMigration migration;

    MongoCollection<Document> rows() {
        return mongo.getDatabase("tickets").getCollection("ticket_attachments");
    }

    static String upload(TicketApi.Person who, String ticketId, String filename, byte[] content, String type) {
        return who.as().multiPart("file", filename, content, type)
                .when().post("/v1/ticket/" + ticketId + "/attachments").then().statusCode(201).extract().path("id");
    }

    @Test
    void attachmentsUploadListDownloadAndDeleteWithTheTicketsVisibility() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person eve = TicketApi.customer();
        String id = TicketApi.openId(ada, "Screenshot attached");

        String attachmentId = ada.as().multiPart("file", "../../screen shot.png", PNG, "image/png")
                .when().post("/v1/ticket/" + id + "/attachments").then().statusCode(201)
                .header("Location", startsWith("http"))
                .body("filename", equalTo("screen shot.png"))
                .body("size", equalTo(PNG.length))
                .body("uploadedBy", equalTo(ada.id()))
                .extract().path("id");
        ada.as().when().get("/v1/ticket/" + id + "/attachments").then().body("id", contains(attachmentId));
        byte[] downloaded = ada.as().when().get("/v1/ticket/" + id + "/attachments/" + attachmentId).then()
                .statusCode(200).contentType(startsWith("image/png"))
                .header("Content-Disposition", equalTo("attachment; filename=\"screen shot.png\""))
                .header("Content-Length", equalTo(String.valueOf(PNG.length)))
                .extract().asByteArray();
        assertArrayEquals(PNG, downloaded);
        eve.as().when().get("/v1/ticket/" + id + "/attachments/" + attachmentId).then().statusCode(404);
        eve.as().when().get("/v1/ticket/" + id + "/attachments").then().statusCode(404);

        ada.as().multiPart("file", "tool.exe", new byte[] { 'M', 'Z' }, "application/x-msdownload")
                .when().post("/v1/ticket/" + id + "/attachments").then().statusCode(415)
                .contentType(startsWith("application/problem+json"));
        ada.as().multiPart("file", "huge.pdf", new byte[10 * 1024 * 1024 + 1], "application/pdf")
                .when().post("/v1/ticket/" + id + "/attachments").then().statusCode(413);
        ada.as().multiPart("other", "a.txt", "x".getBytes(), "text/plain")
                .when().post("/v1/ticket/" + id + "/attachments").then().statusCode(400);
        ada.as().when().get("/v1/ticket/" + id + "/attachments").then().body("id", contains(attachmentId));

        eve.as().when().delete("/v1/ticket/" + id + "/attachments/" + attachmentId).then().statusCode(404);
        ada.as().when().delete("/v1/ticket/" + id + "/attachments/" + attachmentId).then().statusCode(204);
        ada.as().when().get("/v1/ticket/" + id + "/attachments/" + attachmentId).then().statusCode(404);
        ada.as().when().delete("/v1/ticket/" + id + "/attachments/" + attachmentId).then().statusCode(404);
        ada.as().when().get("/v1/ticket/" + id + "/attachments/not-an-id").then().statusCode(404);
        assertTrue(objects.open(AttachmentStore.key(id, attachmentId)).isEmpty(), "the content is gone from the store");
        assertEquals(0, rows().countDocuments(new Document("_id", attachmentId)));
    }

    @Test
    void anAttachmentsUploadTimeReadsTheSameInTheUploadsAnswerAndInTheList() {
        TicketApi.Person ada = TicketApi.customer();
        String id = TicketApi.openId(ada, "Upload times");
        for (int i = 0; i < 3; i++) {
            io.restassured.response.Response uploaded = ada.as().multiPart("file", "shot" + i + ".png", PNG, "image/png")
                    .when().post("/v1/ticket/" + id + "/attachments");
            uploaded.then().statusCode(201).body("uploadedAt", org.hamcrest.Matchers.matchesPattern(TicketHttpConventionsTest.MILLIS));
            ada.as().when().get("/v1/ticket/" + id + "/attachments").then().statusCode(200)
                    .body("find { it.id == '" + uploaded.path("id") + "' }.uploadedAt", equalTo(uploaded.path("uploadedAt")));
        }
    }

    @Test
    void noTokenGetsNothingAndOnlyTheUploaderOrStaffDelete() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person agent = TicketApi.agent();
        String id = TicketApi.openId(ada, "Whose file");
        String byAgent = upload(agent, id, "log.txt", "agent's".getBytes(), "text/plain");

        io.restassured.RestAssured.given().when().get("/v1/ticket/" + id + "/attachments").then().statusCode(401);
        io.restassured.RestAssured.given().when().get("/v1/ticket/" + id + "/attachments/" + byAgent).then().statusCode(401);
        io.restassured.RestAssured.given().multiPart("file", "a.txt", "x".getBytes(), "text/plain")
                .when().post("/v1/ticket/" + id + "/attachments").then().statusCode(401);
        ada.as().when().delete("/v1/ticket/" + id + "/attachments/" + byAgent).then().statusCode(403)
                .contentType(startsWith("application/problem+json"));
        String byAda = upload(ada, id, "mine.txt", "ada's".getBytes(), "text/plain");
        TicketApi.admin().as().when().delete("/v1/ticket/" + id + "/attachments/" + byAda).then().statusCode(204);
        agent.as().when().delete("/v1/ticket/" + id + "/attachments/" + byAgent).then().statusCode(204);
        ada.as().when().get("/v1/ticket/" + id + "/attachments").then().body("size()", equalTo(0));
    }

    @Test
    void unusualAttachmentFileNamesAreStoredUnderASafeName() {
        TicketApi.Person ada = TicketApi.customer();
        String id = TicketApi.openId(ada, "Odd file names");
        byte[] text = "hello".getBytes();
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("a\u0000b.txt", "a_b.txt");
        expected.put("..", "attachment");
        expected.put("../../etc/passwd", "passwd");
        expected.put("C:\\x\\report.txt", "report.txt");
        expected.put("dir/", "attachment");
        expected.put(".hidden", "hidden");
        expected.put("\uD83D\uDE00.txt", "_.txt");
        expected.put("x".repeat(300) + ".txt", "x".repeat(150));
        for (Map.Entry<String, String> name : expected.entrySet()) {
            ada.as().multiPart("file", name.getKey(), text, "text/plain")
                    .when().post("/v1/ticket/" + id + "/attachments").then().statusCode(201)
                    .body("filename", equalTo(name.getValue()));
        }
    }

    @Test
    void aDeletedTicketHidesItsAttachmentsKeepsThemAndARestoreBringsThemBack() throws IOException {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person admin = TicketApi.admin();
        String id = TicketApi.openId(ada, "Soft delete with files");
        String attachmentId = upload(ada, id, "screen.png", PNG, "image/png");

        ada.as().when().delete("/v1/ticket/" + id).then().statusCode(204);
        admin.as().when().get("/v1/ticket/" + id + "/attachments").then().statusCode(404);
        admin.as().when().get("/v1/ticket/" + id + "/attachments/" + attachmentId).then().statusCode(404);
        assertTrue(rows().find(new Document("_id", attachmentId)).first().getBoolean("ticketDeleted"));
        try (ObjectStore.StoredObject kept = objects.open(AttachmentStore.key(id, attachmentId)).orElseThrow()) {
            assertArrayEquals(PNG, kept.content().readAllBytes(), "a soft delete keeps the content");
        }

        admin.as().when().post("/v1/ticket/" + id + "/restore").then().statusCode(200);
        assertFalse(rows().find(new Document("_id", attachmentId)).first().getBoolean("ticketDeleted"));
        ada.as().when().get("/v1/ticket/" + id + "/attachments").then().body("id", contains(attachmentId));
        assertArrayEquals(PNG, ada.as().when().get("/v1/ticket/" + id + "/attachments/" + attachmentId).then()
                .statusCode(200).extract().asByteArray());
    }

    @Test
    void filesOfTheEarlierGridFsVersionAreMovedIntoTheStoreOnceAndKeepTheirIds() throws IOException {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person agent = TicketApi.agent();
        String id = TicketApi.openId(ada, "Attached before the upgrade");
        String deletedTicket = TicketApi.openId(ada, "Deleted before the upgrade");
        ada.as().when().delete("/v1/ticket/" + deletedTicket).then().statusCode(204);
        MongoDatabase database = mongo.getDatabase("tickets");
        GridFSBucket legacy = GridFSBuckets.create(database, "attachments");
        // Written as the earlier version wrote them: ObjectId ids, what they belong to in the metadata.
        ObjectId first = legacy.uploadFromStream("before.png", new ByteArrayInputStream(PNG), new GridFSUploadOptions()
                .metadata(new Document("ticketId", id).append("contentType", "image/png").append("uploadedBy", ada.id())
                        .append("ticketDeleted", false)));
        ObjectId second = legacy.uploadFromStream("notes.txt", new ByteArrayInputStream("notes".getBytes()),
                new GridFSUploadOptions().metadata(new Document("ticketId", id).append("contentType", "text/plain")
                        .append("uploadedBy", agent.id()).append("ticketDeleted", false)));
        ObjectId hidden = legacy.uploadFromStream("old.txt", new ByteArrayInputStream("old".getBytes()),
                new GridFSUploadOptions().metadata(new Document("ticketId", deletedTicket).append("contentType", "text/plain")
                        .append("uploadedBy", ada.id()).append("ticketDeleted", true)));
        // A run stopped half-way through the second file: its content is already in the store, its document not.
        objects.put(AttachmentStore.key(id, second.toHexString()), "text/plain", "notes".getBytes());

        assertEquals(3, migration.run());
        assertEquals(0, migration.run(), "a second run finds nothing left to move");
        assertEquals(0, database.getCollection("attachments.files").countDocuments());
        assertEquals(0, database.getCollection("attachments.chunks").countDocuments());

        ada.as().when().get("/v1/ticket/" + id + "/attachments").then().statusCode(200)
                .body("id", contains(first.toHexString(), second.toHexString()))
                .body("filename", contains("before.png", "notes.txt"))
                .body("uploadedBy", contains(ada.id(), agent.id()))
                .body("size", contains(PNG.length, 5));
        assertArrayEquals(PNG, ada.as().when().get("/v1/ticket/" + id + "/attachments/" + first.toHexString()).then()
                .statusCode(200).contentType(startsWith("image/png")).extract().asByteArray());
        ada.as().when().get("/v1/ticket/" + id + "/attachments/" + second.toHexString()).then().statusCode(200)
                .body(equalTo("notes"));
        assertTrue(rows().find(new Document("_id", hidden.toHexString())).first().getBoolean("ticketDeleted"));
        TicketApi.admin().as().when().post("/v1/ticket/" + deletedTicket + "/restore").then().statusCode(200);
        ada.as().when().get("/v1/ticket/" + deletedTicket + "/attachments/" + hidden.toHexString()).then().statusCode(200)
                .body(equalTo("old"));
        ada.as().when().delete("/v1/ticket/" + id + "/attachments/" + first.toHexString()).then().statusCode(204);
        ada.as().when().get("/v1/ticket/" + id + "/attachments").then().body("id", contains(second.toHexString()));
        assertEquals(1, rows().countDocuments(new Document("ticketId", id)));
        assertEquals(0, rows().countDocuments(new Document("_id", first.toHexString())));
        ada.as().when().get("/v1/ticket/" + id + "/attachments/" + new ObjectId().toHexString()).then().statusCode(404);
        assertTrue(rows().find(new Document("ticketId", id)).into(new java.util.ArrayList<>()).stream()
                .allMatch(row -> row.get("uploadedAt") instanceof Date));
        ada.as().when().get("/v1/ticket/" + deletedTicket + "/attachments").then().body("id", contains(hidden.toHexString()))
                .body("filename", contains("old.txt"));
    }

    @Test
    void aFileTheEarlierVersionWritesAfterTheFirstRunIsMovedByTheNextCheck() {
        TicketApi.Person ada = TicketApi.customer();
        String id = TicketApi.openId(ada, "Attached during the rolling upgrade");
        migration.run();
        // A replica of the earlier version, still running, takes an upload after the new one has started.
        ObjectId late = GridFSBuckets.create(mongo.getDatabase("tickets"), "attachments").uploadFromStream("late.txt",
                new ByteArrayInputStream("late".getBytes()), new GridFSUploadOptions().metadata(new Document("ticketId", id)
                        .append("contentType", "text/plain").append("uploadedBy", ada.id()).append("ticketDeleted", false)));

        migration.check();

        assertEquals(0, legacyFiles(late));
        ada.as().when().get("/v1/ticket/" + id + "/attachments/" + late.toHexString()).then().statusCode(200)
                .body(equalTo("late"));
    }

    @Test
    void theMoveAtStartStopsWhenItsTimeIsUpAndTheChecksFinishIt() {
        TicketApi.Person ada = TicketApi.customer();
        String id = TicketApi.openId(ada, "Many files before the upgrade");
        GridFSBucket legacy = GridFSBuckets.create(mongo.getDatabase("tickets"), "attachments");
        ObjectId first = legacy.uploadFromStream("one.txt", new ByteArrayInputStream("one".getBytes()),
                new GridFSUploadOptions().metadata(new Document("ticketId", id).append("contentType", "text/plain")
                        .append("uploadedBy", ada.id()).append("ticketDeleted", false)));
        ObjectId second = legacy.uploadFromStream("two.txt", new ByteArrayInputStream("two".getBytes()),
                new GridFSUploadOptions().metadata(new Document("ticketId", id).append("contentType", "text/plain")
                        .append("uploadedBy", ada.id()).append("ticketDeleted", false)));

        assertEquals(0, migration.run(Duration.ZERO), "no time left: nothing started");
        assertEquals(1, legacyFiles(first));
        assertEquals(1, legacyFiles(second));

        migration.check();

        assertEquals(0, legacyFiles(first) + legacyFiles(second));
        ada.as().when().get("/v1/ticket/" + id + "/attachments").then().statusCode(200)
                .body("id", contains(first.toHexString(), second.toHexString()));
    }

    @Test
    void aFileIsToldByItsBytesNotByTheTypeItIsSentAsAndStoredAndServedAsWhatItIs() throws IOException {
        TicketApi.Person ada = TicketApi.customer();
        String id = TicketApi.openId(ada, "Files that lie about their type");
        Map<String, byte[]> disguised = new java.util.LinkedHashMap<>();
        disguised.put("a Windows program", windowsProgram());
        disguised.put("an ELF program", elfProgram());
        disguised.put("a ZIP archive", zip());
        for (Map.Entry<String, byte[]> file : disguised.entrySet()) {
            ada.as().multiPart("file", "cat.png", file.getValue(), "image/png")
                    .when().post("/v1/ticket/" + id + "/attachments").then().statusCode(415)
                    .contentType(startsWith("application/problem+json"))
                    .body("errors[0].field", equalTo("file"));
        }
        ada.as().multiPart("file", "invoice.pdf", PNG, "application/pdf")
                .when().post("/v1/ticket/" + id + "/attachments").then().statusCode(415)
                .body("errors[0].field", equalTo("file"))
                .body("detail", equalTo("The file is sent as application/pdf but its content is image/png."));
        ada.as().multiPart("file", "notes.png", "just some notes".getBytes(), "image/png")
                .when().post("/v1/ticket/" + id + "/attachments").then().statusCode(415);
        ada.as().when().get("/v1/ticket/" + id + "/attachments").then().body("size()", equalTo(0));
        assertEquals(0, rows().countDocuments(new Document("ticketId", id)), "nothing refused was kept");

        // What the bytes are is what is stored and served: a declared type that says nothing gives way to it,
        // and a text type declared for text stays.
        String png = ada.as().multiPart("file", "screen", PNG, "application/octet-stream")
                .when().post("/v1/ticket/" + id + "/attachments").then().statusCode(201)
                .body("contentType", equalTo("image/png")).extract().path("id");
        ada.as().when().get("/v1/ticket/" + id + "/attachments/" + png).then().statusCode(200)
                .contentType(startsWith("image/png"));
        String archive = ada.as().multiPart("file", "logs.zip", zip(), "application/zip")
                .when().post("/v1/ticket/" + id + "/attachments").then().statusCode(201)
                .body("contentType", equalTo("application/zip")).extract().path("id");
        ada.as().when().get("/v1/ticket/" + id + "/attachments/" + archive).then().statusCode(200)
                .contentType(startsWith("application/zip"));
        ada.as().multiPart("file", "export.csv", "a,b\n1,2\n".getBytes(), "text/csv; charset=utf-8")
                .when().post("/v1/ticket/" + id + "/attachments").then().statusCode(201)
                .body("contentType", equalTo("text/csv"));
        ada.as().multiPart("file", "page.txt", "<html><body>hi</body></html>".getBytes(), "text/plain")
                .when().post("/v1/ticket/" + id + "/attachments").then().statusCode(201)
                .body("contentType", equalTo("text/plain"));
    }

    @Test
    void anEmptyFileIsA400AndOneOverTheLimitA413BothNamingTheField() {
        TicketApi.Person ada = TicketApi.customer();
        String id = TicketApi.openId(ada, "Empty and huge files");
        ada.as().multiPart("file", "empty.txt", new byte[0], "text/plain")
                .when().post("/v1/ticket/" + id + "/attachments").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("file"))
                .body("errors[0].detail", equalTo("is empty"));
        byte[] huge = new byte[10 * 1024 * 1024 + 1];
        System.arraycopy(PNG, 0, huge, 0, PNG.length);
        ada.as().multiPart("file", "huge.png", huge, "image/png")
                .when().post("/v1/ticket/" + id + "/attachments").then().statusCode(413)
                .contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("file"));
        assertEquals(0, rows().countDocuments(new Document("ticketId", id)));
    }

    @Test
    void aMovedAttachmentTakesWhetherItsTicketIsDeletedFromTheTicketNotFromTheGridFsMetadata() {
        TicketApi.Person ada = TicketApi.customer();
        TicketApi.Person admin = TicketApi.admin();
        String deletedSince = TicketApi.openId(ada, "Deleted by the new version");
        String restoredSince = TicketApi.openId(ada, "Restored by the new version");
        ada.as().when().delete("/v1/ticket/" + deletedSince).then().statusCode(204);
        GridFSBucket legacy = GridFSBuckets.create(mongo.getDatabase("tickets"), "attachments");
        // The new version's delete and restore mark only its own documents: the GridFS metadata still says otherwise.
        ObjectId hidden = legacy.uploadFromStream("hidden.txt", new ByteArrayInputStream("hidden".getBytes()),
                new GridFSUploadOptions().metadata(new Document("ticketId", deletedSince).append("contentType", "text/plain")
                        .append("uploadedBy", ada.id()).append("ticketDeleted", false)));
        ObjectId shown = legacy.uploadFromStream("shown.txt", new ByteArrayInputStream("shown".getBytes()),
                new GridFSUploadOptions().metadata(new Document("ticketId", restoredSince).append("contentType", "text/plain")
                        .append("uploadedBy", ada.id()).append("ticketDeleted", true)));

        migration.run();

        assertTrue(rows().find(new Document("_id", hidden.toHexString())).first().getBoolean("ticketDeleted"));
        assertFalse(rows().find(new Document("_id", shown.toHexString())).first().getBoolean("ticketDeleted"));
        ada.as().when().get("/v1/ticket/" + restoredSince + "/attachments").then().statusCode(200)
                .body("id", contains(shown.toHexString()));
        admin.as().when().post("/v1/ticket/" + deletedSince + "/restore").then().statusCode(200);
        ada.as().when().get("/v1/ticket/" + deletedSince + "/attachments/" + hidden.toHexString()).then().statusCode(200)
                .body(equalTo("hidden"));
    }

    @Test
    void filesTheMoveLeavesWhereTheyAreBringOnNoPass() {
        TicketApi.Person ada = TicketApi.customer();
        String id = TicketApi.openId(ada, "Files the move does not take");
        GridFSBucket legacy = GridFSBuckets.create(mongo.getDatabase("tickets"), "attachments");
        migration.run();
        BsonString foreign = new BsonString("written-by-hand-" + new ObjectId().toHexString());
        legacy.uploadFromStream(foreign, "foreign.txt", new ByteArrayInputStream("foreign".getBytes()),
                new GridFSUploadOptions().metadata(new Document("ticketId", id).append("contentType", "text/plain")));
        ObjectId orphan = legacy.uploadFromStream("orphan.txt", new ByteArrayInputStream("orphan".getBytes()),
                new GridFSUploadOptions().metadata(new Document("contentType", "text/plain")));
        try {
            assertEquals(0, migration.run(), "neither is moved");
            assertFalse(migration.movableFilesRemain(), "so the periodic check starts no pass for them");

            ObjectId movable = legacy.uploadFromStream("late.txt", new ByteArrayInputStream("late".getBytes()),
                    new GridFSUploadOptions().metadata(new Document("ticketId", id).append("contentType", "text/plain")
                            .append("uploadedBy", ada.id()).append("ticketDeleted", false)));
            assertTrue(migration.movableFilesRemain());
            migration.check();
            assertFalse(migration.movableFilesRemain());
            assertEquals(0, legacyFiles(movable));
            assertEquals(1, legacyFiles(orphan), "left where it is");
        } finally {
            legacy.delete(foreign);
            legacy.delete(orphan);
        }
    }

    /** The start of a Windows executable: the DOS header pointing at a PE header. */
    static byte[] windowsProgram() {
        byte[] exe = new byte[512];
        exe[0] = 'M';
        exe[1] = 'Z';
        exe[0x3c] = (byte) 0x80;
        exe[0x80] = 'P';
        exe[0x81] = 'E';
        return exe;
    }

    /** The start of a 64-bit Linux executable. */
    static byte[] elfProgram() {
        byte[] elf = new byte[256];
        byte[] header = { 0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0, 1, 0, 0, 0 };
        System.arraycopy(header, 0, elf, 0, header.length);
        return elf;
    }

    static byte[] zip() throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("log.txt"));
            zip.write("a log line".getBytes());
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    private long legacyFiles(ObjectId id) {
        return mongo.getDatabase("tickets").getCollection("attachments.files").countDocuments(new Document("_id", id));
    }
}
