package io.helpdesk.ticket.importing;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.platform.logging.ThrottledLog;
import io.helpdesk.platform.storage.ObjectStore;

/** A job's uploaded CSV and its PDF report, in the object store under {@code imports/<jobId>/}. */
@ApplicationScoped
public class ImportFiles {
    private static final ThrottledLog THROTTLED = ThrottledLog.of(ImportFiles.class);

    private final ObjectStore objects;

    public ImportFiles(ObjectStore objects) {
        this.objects = objects;
    }

    public static String uploadKey(String jobId) {
        return "imports/" + jobId + "/upload.csv";
    }

    public static String reportKey(String jobId) {
        return "imports/" + jobId + "/report.pdf";
    }

    /** Stores a job's uploaded CSV (503 when the store is down); returns its key. */
    public String storeUpload(String jobId, Path upload) {
        String key = uploadKey(jobId);
        objects.put(key, "text/csv", upload);
        return key;
    }

    /** Stores a job's PDF report (503 when the store is down); returns its key. */
    public String storeReport(String jobId, byte[] pdf) {
        String key = reportKey(jobId);
        objects.put(key, "application/pdf", pdf);
        return key;
    }

    /** The file's content, to be closed by the caller; empty when it is not there. */
    public Optional<InputStream> open(String key) {
        return objects.open(key).map(ObjectStore.StoredObject::content);
    }

    /** Removes a file nothing will refer to, if the store lets it now. */
    public void discard(String key) {
        try {
            objects.delete(key);
        } catch (RuntimeException e) {
            THROTTLED.warnf("import-file-not-removed:" + key, "Could not remove %s: %s", key, e.getMessage());
        }
    }
}
