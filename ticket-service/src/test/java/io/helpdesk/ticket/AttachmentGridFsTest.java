package io.helpdesk.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The attachment suite on the GridFS backend, the default. */
@QuarkusTest
class AttachmentGridFsTest extends AttachmentSuite {

    @Test
    void theContentIsInTheServicesOwnGridFsBucket() {
        assertEquals("gridfs", objects.backend());
        String id = TicketApi.openId(TicketApi.customer(), "Where the file goes");
        String attachmentId = upload(TicketApi.agent(), id, "a.txt", "x".getBytes(), "text/plain");
        assertEquals(1, mongo.getDatabase("tickets").getCollection("objects.files")
                .countDocuments(new org.bson.Document("filename", "attachments/" + id + "/" + attachmentId)));
    }
}
