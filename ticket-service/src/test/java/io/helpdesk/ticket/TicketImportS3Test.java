package io.helpdesk.ticket;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoCollection;

import io.helpdesk.platform.testing.S3TestResource;
import io.helpdesk.ticket.importing.ImportFiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The import suite on the S3 backend (s3proxy), and what happens while S3 cannot be reached. */
@QuarkusTest
@TestProfile(S3Storage.class)
class TicketImportS3Test extends ImportSuite {

    @Test
    void anUploadWhileS3IsDownIsA503WithNoJobAndTheSameUploadIsAcceptedAfterwards() {
        TicketApi.Person agent = TicketApi.agent();
        MongoCollection<Document> jobs = mongo.getDatabase("tickets").getCollection("import_jobs");
        long before = jobs.countDocuments(new Document("createdBy", agent.id()));
        S3TestResource.stopServer();
        try {
            submit(agent, "subject,description,customer_id\nA,B,c-1\n", "down.csv").then().statusCode(503)
                    .contentType(startsWith("application/problem+json")).header("Retry-After", equalTo("5"));
        } finally {
            S3TestResource.startServer();
        }
        assertEquals(before, jobs.countDocuments(new Document("createdBy", agent.id())), "no job was queued");
        submit(agent, "subject,description,customer_id\nA,B,c-1\n", "down.csv").then().statusCode(202);
    }

    @Test
    void aQueuedJobWaitsOutAnOutageWithoutUsingItsAttemptsAndItsReportIsA503Meanwhile() {
        TicketApi.Person agent = TicketApi.agent();
        TicketApi.Person ada = TicketApi.customer();
        String finished = submit(agent, "subject,description,customer_id\nBefore,x," + ada.id() + "\n", "before.csv")
                .then().statusCode(202).extract().path("jobId");
        awaitFinished(agent, finished);
        String jobId = "outage-" + UUID.randomUUID();
        objects.put(ImportFiles.uploadKey(jobId), "text/csv",
                ("subject,description,customer_id\nDuring,x," + ada.id() + "\n").getBytes());
        MongoCollection<Document> jobs = mongo.getDatabase("tickets").getCollection("import_jobs");
        S3TestResource.stopServer();
        try {
            jobs.insertOne(new Document("_id", jobId).append("status", "QUEUED").append("filename", "during.csv")
                    .append("uploadKey", ImportFiles.uploadKey(jobId)).append("createdBy", agent.id())
                    .append("createdByRole", "AGENT").append("createdAt", new Date()).append("attempts", 0)
                    .append("errors", List.of()).append("outbox", List.of()));
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    agent.as().when().get("/v1/ticket/import/" + jobId).then()
                            .body("failure", startsWith("ProblemException")));
            agent.as().when().get("/v1/ticket/import/" + jobId).then().body("status", equalTo("QUEUED"))
                    .body("attempts", equalTo(0));
            agent.as().when().get("/v1/ticket/import/" + finished + "/report").then().statusCode(503)
                    .contentType(startsWith("application/problem+json"));
        } finally {
            S3TestResource.startServer();
        }
        awaitFinished(agent, jobId);
        agent.as().when().get("/v1/ticket/import/" + jobId).then().body("status", equalTo("DONE"))
                .body("attempts", equalTo(1)).body("succeeded", equalTo(1));
    }
}
