package io.helpdesk.platform.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.bson.BsonString;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

import com.mongodb.MongoException;
import com.mongodb.MongoGridFSException;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.GridFSFindIterable;
import com.mongodb.client.gridfs.model.GridFSFile;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.Filters;

import io.helpdesk.platform.web.problem.ProblemException;

/**
 * The GridFS backend: each object is one GridFS file whose filename is the key, in the service's own
 * database. A put of an existing key writes the new version first, so a failed upload leaves the previous
 * content in place and a reader of a replaced key finds the old content or the new, never nothing. Puts
 * racing on one key (two replicas) end with one of their versions, never none: the newest (by upload date,
 * then id) is the one {@link #open} reads and the one no writer drops.
 *
 * <p>A version that a newer one replaced is dropped only once it has been superseded for
 * {@link #SUPERSEDED_GRACE}, by a later put or a delete of the key, so a reader that opened it just before the
 * put reads it to the end if it takes less than that; a longer read of a replaced key may be cut off, and a
 * delete ends every read of the key. A version dropped between the lookup and the opening of its content
 * is looked up once more.
 */
public class GridFsObjectStore implements ObjectStore {

    /** Which version of a key counts: the newest upload, the larger id between two of the same millisecond. */
    private static final Bson NEWEST_FIRST = new Document("uploadDate", -1).append("_id", -1);

    /** How long a superseded version stays for the readers that opened it. */
    static final Duration SUPERSEDED_GRACE = Duration.ofSeconds(30);

    private final GridFSBucket bucket;
    private final Duration grace;

    public GridFsObjectStore(MongoDatabase database, String bucketName) {
        this(database, bucketName, SUPERSEDED_GRACE);
    }

    GridFsObjectStore(MongoDatabase database, String bucketName, Duration grace) {
        this.bucket = GridFSBuckets.create(database, bucketName);
        this.grace = grace;
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
        put(key, contentType, new ByteArrayInputStream(content));
    }

    private void put(String key, String contentType, InputStream in) {
        try {
            upload(key, contentType, in);
            keepNewest(key);
        } catch (MongoException e) {
            throw unavailable(e);
        }
    }

    /**
     * Writes a new version of the key. GridFS ids must be unique, so each version gets its own id and the key
     * is its filename; until {@link #keepNewest} runs, older versions stay beside it.
     */
    BsonString upload(String key, String contentType, InputStream in) {
        BsonString id = new BsonString(key + "#" + ObjectId.get().toHexString());
        bucket.uploadFromStream(id, key, in, new GridFSUploadOptions().metadata(new Document("contentType", contentType)));
        return id;
    }

    /**
     * Drops the versions of the key that were superseded more than the grace ago (when the next newer one was
     * uploaded); the newest always stays. Every writer keeps the same one (the first in {@link #NEWEST_FIRST},
     * which is also what {@link #open} reads), so two puts of one key racing each other never delete each
     * other's copy down to nothing.
     */
    void keepNewest(String key) {
        List<GridFSFile> versions = versions(key).into(new ArrayList<>());
        Instant cutoff = Instant.now().minus(grace);
        for (int i = 1; i < versions.size(); i++) {
            Date supersededAt = versions.get(i - 1).getUploadDate();
            if (supersededAt == null || !supersededAt.toInstant().isAfter(cutoff)) {
                deleteVersion(versions.get(i));
            }
        }
    }

    private GridFSFindIterable versions(String key) {
        return bucket.find(Filters.eq("filename", key)).sort(NEWEST_FIRST);
    }

    private void deleteVersion(GridFSFile version) {
        try {
            bucket.delete(version.getId());
        } catch (MongoGridFSException e) {
            // another writer (or a delete) dropped it meanwhile
        }
    }

    @Override
    public Optional<StoredObject> open(String key) {
        try {
            try {
                return openNewest(key);
            } catch (MongoGridFSException gone) {
                // Dropped between the lookup and the opening (a delete, or a version long superseded): look again.
                return openNewest(key);
            }
        } catch (MongoException e) {
            throw unavailable(e);
        }
    }

    private Optional<StoredObject> openNewest(String key) {
        GridFSFile file = newest(key);
        if (file == null) {
            return Optional.empty();
        }
        Document metadata = file.getMetadata() == null ? new Document() : file.getMetadata();
        return Optional.of(new StoredObject(metadata.getString("contentType"), file.getLength(),
                bucket.openDownloadStream(file.getId())));
    }

    /** The version a reader gets: the first in {@link #NEWEST_FIRST}; null when the key has none. */
    GridFSFile newest(String key) {
        return versions(key).first();
    }

    @Override
    public void delete(String key) {
        try {
            versions(key).into(new ArrayList<>()).forEach(this::deleteVersion);
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
