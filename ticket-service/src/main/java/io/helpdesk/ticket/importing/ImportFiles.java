package io.helpdesk.ticket.importing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.mongodb.client.MongoClient;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;

/** The GridFS bucket {@code imports}: the uploaded CSV files and the PDF reports, streamed in and out. */
@ApplicationScoped
public class ImportFiles {

    private final GridFSBucket files;

    public ImportFiles(MongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.files = GridFSBuckets.create(mongo.getDatabase(database), "imports");
    }

    /** Stores a job's uploaded CSV; returns its file id. */
    public String storeUpload(String jobId, String filename, Path upload) throws IOException {
        try (InputStream in = Files.newInputStream(upload)) {
            return files.uploadFromStream(filename, in,
                    new GridFSUploadOptions().metadata(new Document("jobId", jobId).append("kind", "csv"))).toHexString();
        }
    }

    /** Stores a job's PDF report; returns its file id. */
    public String storeReport(String jobId, String name, byte[] pdf) {
        return files.uploadFromStream(name, new ByteArrayInputStream(pdf),
                new GridFSUploadOptions().metadata(new Document("jobId", jobId).append("kind", "report"))).toHexString();
    }

    public InputStream open(String fileId) {
        return files.openDownloadStream(new ObjectId(fileId));
    }
}
