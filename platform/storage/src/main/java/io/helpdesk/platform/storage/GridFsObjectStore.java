package io.helpdesk.platform.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.bson.BsonString;
import org.bson.Document;

import com.mongodb.MongoException;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.model.GridFSFile;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.Filters;

import io.helpdesk.platform.web.problem.ProblemException;

/**
 * The GridFS backend: each object is one GridFS file whose {@code _id} is the key, in the service's own
 * database. A put of an existing key writes the new file first and then drops the older ones, so a reader
 * never finds the key empty and a failed upload leaves the previous content in place.
 */
public class GridFsObjectStore implements ObjectStore {

    private final GridFSBucket bucket;

    public GridFsObjectStore(MongoDatabase database, String bucketName) {
        this.bucket = GridFSBuckets.create(database, bucketName);
    }

    @Override
    public void put(String key, String contentType, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            put(key, contentType, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void put(String key, String contentType, byte[] content) {
        put(key, contentType, new java.io.ByteArrayInputStream(content));
    }

    private void put(String key, String contentType, InputStream in) {
        try {
            // GridFS ids must be unique, so the new version gets a versioned id and the key is its filename.
            String id = key + "#" + org.bson.types.ObjectId.get().toHexString();
            bucket.uploadFromStream(new BsonString(id), key, in,
                    new GridFSUploadOptions().metadata(new Document("contentType", contentType)));
            bucket.find(Filters.and(Filters.eq("filename", key), Filters.ne("_id", id)))
                    .forEach(old -> bucket.delete(old.getId()));
        } catch (MongoException e) {
            throw unavailable(e);
        }
    }

    @Override
    public Optional<StoredObject> open(String key) {
        try {
            GridFSFile file = bucket.find(Filters.eq("filename", key)).sort(new Document("uploadDate", -1)).first();
            if (file == null) {
                return Optional.empty();
            }
            Document metadata = file.getMetadata() == null ? new Document() : file.getMetadata();
            return Optional.of(new StoredObject(metadata.getString("contentType"), file.getLength(),
                    bucket.openDownloadStream(file.getId())));
        } catch (MongoException e) {
            throw unavailable(e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            bucket.find(Filters.eq("filename", key)).forEach(file -> bucket.delete(file.getId()));
        } catch (MongoException e) {
            throw unavailable(e);
        }
    }

    @Override
    public String backend() {
        return "gridfs";
    }

    static ProblemException unavailable(Exception cause) {
        return ProblemException.unavailable("File storage is unavailable; try again shortly.", Duration.ofSeconds(5));
    }
}
