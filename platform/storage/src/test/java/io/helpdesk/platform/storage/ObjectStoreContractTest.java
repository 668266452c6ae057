package io.helpdesk.platform.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.helpdesk.platform.web.problem.ProblemException;

/** What every backend does alike; a subclass gives a store on a real server it can stop and start. */
abstract class ObjectStoreContractTest {

    @TempDir
    Path temp;

    abstract ObjectStore store();

    abstract void stopServer();

    abstract void startServer();

    @Test
    void aFileGoesInAndComesBackStreamedWithItsTypeAndLength() throws IOException {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(content);
        Path file = Files.write(temp.resolve("upload.bin"), content);
        String key = key();
        store().put(key, "application/pdf", file);
        try (ObjectStore.StoredObject stored = store().open(key).orElseThrow()) {
            assertEquals("application/pdf", stored.contentType());
            assertEquals(content.length, stored.length());
            assertArrayEquals(content, stored.content().readAllBytes());
        }
    }

    @Test
    void aPutReplacesWhatWasThereAndBytesWorkToo() throws IOException {
        String key = key();
        store().put(key, "text/plain", "first".getBytes(StandardCharsets.UTF_8));
        store().put(key, "text/csv", "second,version".getBytes(StandardCharsets.UTF_8));
        try (ObjectStore.StoredObject stored = store().open(key).orElseThrow()) {
            assertEquals("text/csv", stored.contentType());
            assertEquals("second,version", new String(stored.content().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aMissingKeyIsEmptyAndDeletingIsIdempotent() {
        String key = key();
        assertTrue(store().open(key).isEmpty());
        store().delete(key);
        store().put(key, "text/plain", new byte[] { 1 });
        store().delete(key);
        assertTrue(store().open(key).isEmpty());
        store().delete(key);
    }

    @Test
    void anEmptyFileIsStoredAsEmpty() throws IOException {
        String key = key();
        store().put(key, "text/plain", Files.write(temp.resolve("empty"), new byte[0]));
        try (ObjectStore.StoredObject stored = store().open(key).orElseThrow()) {
            assertEquals(0, stored.length());
            assertEquals(0, stored.content().readAllBytes().length);
        }
    }

    @Test
    void anUnreachableServerIsA503SoonAndNothingIsHalfWrittenAndTheRetrySucceeds() throws IOException {
        String kept = key();
        store().put(kept, "text/plain", "kept".getBytes(StandardCharsets.UTF_8));
        String key = key();
        Path file = Files.write(temp.resolve("retry.txt"), "retried".getBytes(StandardCharsets.UTF_8));
        stopServer();
        try {
            long begin = System.nanoTime();
            ProblemException down = assertThrows(ProblemException.class, () -> store().put(key, "text/plain", file));
            assertEquals(503, down.status());
            assertEquals(Duration.ofSeconds(5), down.retryAfter());
            assertTrue(Duration.ofNanos(System.nanoTime() - begin).compareTo(Duration.ofSeconds(15)) < 0,
                    "the 503 comes within the bounded attempts");
            assertEquals(503, assertThrows(ProblemException.class, () -> store().open(kept)).status());
            assertEquals(503, assertThrows(ProblemException.class, () -> store().delete(kept)).status());
        } finally {
            startServer();
        }
        assertTrue(store().open(key).isEmpty(), "the failed upload left nothing under its key");
        store().put(key, "text/plain", file);
        try (ObjectStore.StoredObject stored = store().open(key).orElseThrow();
                InputStream in = stored.content()) {
            assertEquals("retried", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        try (ObjectStore.StoredObject stored = store().open(kept).orElseThrow()) {
            assertEquals("kept", new String(stored.content().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    static String key() {
        return "tests/" + UUID.randomUUID() + "/file";
    }
}
