package io.helpdesk.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

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

    @Test
    void theOpenApiDocumentsA503WhereverTheFileStorageIsUsed() {
        var paths = io.restassured.RestAssured.given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().jsonPath();
        String attachments = "paths.'/v1/ticket/{id}/attachments'";
        String attachment = "paths.'/v1/ticket/{id}/attachments/{attachmentId}'";
        for (String operation : List.of(attachments + ".post", attachment + ".get", attachment + ".delete",
                "paths.'/v1/ticket/import'.post", "paths.'/v1/ticket/import/{jobId}/report'.get")) {
            assertTrue(paths.getMap(operation + ".responses").containsKey("503"), operation);
        }
        assertTrue(paths.getMap(attachments + ".get.responses").containsKey("200"), "the list keeps its 200");
        assertTrue(paths.getMap(attachments + ".post.requestBody.content").containsKey("multipart/form-data"));
    }
}
