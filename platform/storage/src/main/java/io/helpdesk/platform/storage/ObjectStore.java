package io.helpdesk.platform.storage;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a service keeps files: attachments, import uploads and reports, avatars. One interface, two
 * backends chosen per deployment by {@code helpdesk.storage.backend} ({@code gridfs} or {@code s3}).
 *
 * <p>Keys are paths the caller chooses, such as {@code attachments/<ticketId>/<id>}; what a file belongs to,
 * who uploaded it and whether its owner is deleted live in the caller's own documents, never in the store,
 * so both backends behave alike. Content is streamed both ways; no file is held whole in memory.
 *
 * <p>When the backend cannot be reached every method throws a 503 {@code ProblemException} with a
 * {@code Retry-After}; nothing is left half-written (a failed put leaves no object under the key).
 */
public interface ObjectStore {

    /** Stores the file under the key, replacing what was there, streamed from disk. */
    void put(String key, String contentType, Path file);

    /** Stores small content (a re-encoded image, a generated report) under the key. */
    void put(String key, String contentType, byte[] content);

    /** The object's content, to be closed by the caller; empty when there is no such key. */
    Optional<StoredObject> open(String key);

    /** Deletes the object; deleting a key that is not there is not an error. */
    void delete(String key);

    /** {@code gridfs} or {@code s3}: for health output and logs. */
    String backend();

    /** An opened object: its content type, length and a stream to read (and close) once. */
    record StoredObject(String contentType, long length, InputStream content) implements AutoCloseable {
        @Override
        public void close() throws java.io.IOException {
            content.close();
        }
    }
}
