package io.helpdesk.ticket;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import io.helpdesk.platform.testing.S3TestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The attachment suite on the S3 backend (s3proxy), and what happens while S3 cannot be reached. */
@QuarkusTest
@TestProfile(S3Storage.class)
class AttachmentS3Test extends AttachmentSuite {

    @Test
    void theContentIsAnObjectUnderTheServicesPrefixInTheBucket() {
        assertEquals("s3", objects.backend());
        String id = TicketApi.openId(TicketApi.customer(), "Where the file goes");
        String attachmentId = upload(TicketApi.agent(), id, "a.txt", "in s3".getBytes(), "text/plain");
        var file = S3TestResource.directory().resolve(S3TestResource.BUCKET).resolve("ticket-service")
                .resolve("attachments").resolve(id).resolve(attachmentId);
        assertTrue(Files.exists(file), file.toString());
    }

    @Test
    void anUploadWhileS3IsDownIsA503WithNothingWrittenAndTheSameUploadSucceedsAfterwards() {
        TicketApi.Person ada = TicketApi.customer();
        String id = TicketApi.openId(ada, "Upload during an outage");
        S3TestResource.stopServer();
        try {
            long begin = System.nanoTime();
            ada.as().multiPart("file", "screen.png", PNG, "image/png")
                    .when().post("/v1/ticket/" + id + "/attachments").then().statusCode(503)
                    .contentType(startsWith("application/problem+json"))
                    .header("Retry-After", equalTo("5"));
            assertTrue(Duration.ofNanos(System.nanoTime() - begin).toSeconds() < 15, "the 503 comes soon");
            assertEquals(0, rows().countDocuments(new Document("ticketId", id)), "no attachment document was written");
        } finally {
            S3TestResource.startServer();
        }
        ada.as().when().get("/v1/ticket/" + id + "/attachments").then().body("size()", equalTo(0));
        String attachmentId = upload(ada, id, "screen.png", PNG, "image/png");
        ada.as().when().get("/v1/ticket/" + id + "/attachments").then().body("id", contains(attachmentId));
    }

    @Test
    void anUploadAfterS3ClosedTheIdleConnectionsSucceeds() throws Exception {
        TicketApi.Person ada = TicketApi.customer();
        String id = TicketApi.openId(ada, "Uploads around a restart of S3");
        // Uploads at once leave several connections in the service's pool; the restart closes them all.
        List<CompletableFuture<String>> uploads = IntStream.range(0, 4).mapToObj(i -> CompletableFuture.supplyAsync(
                () -> upload(ada, id, "before-" + i + ".txt", ("before " + i).getBytes(), "text/plain"))).toList();
        for (CompletableFuture<String> upload : uploads) {
            upload.get(30, TimeUnit.SECONDS);
        }
        S3TestResource.stopServer();
        S3TestResource.startServer();
        // The client checks a connection idle for 2 s or more before reusing it (the JDK's, before, never did).
        Thread.sleep(2_500);
        String after = upload(ada, id, "after.txt", "after".getBytes(), "text/plain");
        ada.as().when().get("/v1/ticket/" + id + "/attachments/" + after).then().statusCode(200).body(equalTo("after"));
    }

    @Test
    void aDownloadOrDeleteWhileS3IsDownIsA503AndTheAttachmentStays() {
        TicketApi.Person ada = TicketApi.customer();
        String id = TicketApi.openId(ada, "Download during an outage");
        String attachmentId = upload(ada, id, "screen.png", PNG, "image/png");
        S3TestResource.stopServer();
        try {
            ada.as().when().get("/v1/ticket/" + id + "/attachments/" + attachmentId).then().statusCode(503)
                    .contentType(startsWith("application/problem+json")).header("Retry-After", equalTo("5"));
            ada.as().when().delete("/v1/ticket/" + id + "/attachments/" + attachmentId).then().statusCode(503);
            // The list is the service's own documents: it still answers.
            ada.as().when().get("/v1/ticket/" + id + "/attachments").then().statusCode(200).body("id", contains(attachmentId));
        } finally {
            S3TestResource.startServer();
        }
        ada.as().when().get("/v1/ticket/" + id + "/attachments/" + attachmentId).then().statusCode(200);
        ada.as().when().delete("/v1/ticket/" + id + "/attachments/" + attachmentId).then().statusCode(204);
    }
}
