package io.helpdesk.ticket.importing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.platform.security.Caller;
import io.helpdesk.platform.web.problem.ProblemException;

/**
 * CSV bulk import, as the API sees it: the upload is stored in GridFS and its job queued at once
 * ({@link ImportRunner} does the work); the job and its report are shown to whoever started it and
 * to admins.
 */
@ApplicationScoped
public class ImportService {

    static final Set<String> CSV_TYPES = Set.of("text/csv", "text/plain", "application/csv", "application/vnd.ms-excel");

    private final ImportJobRepository jobs;
    private final ImportFiles files;

    public ImportService(ImportJobRepository jobs, ImportFiles files) {
        this.jobs = jobs;
        this.files = files;
    }

    /** Stores the upload and queues the job. */
    public ImportJob submit(Caller caller, String filename, String contentType, Path upload) throws IOException {
        String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!CSV_TYPES.contains(type)) {
            throw new ProblemException(415, "Send a CSV file (text/csv).");
        }
        ImportJob job = new ImportJob();
        job.id = UUID.randomUUID().toString();
        job.status = ImportJob.Status.QUEUED;
        job.filename = displayName(filename);
        job.createdBy = caller.id();
        job.createdByRole = caller.role();
        job.createdAt = Instant.now();
        job.fileId = files.storeUpload(job.id, job.filename, upload);
        jobs.persist(job);
        return job;
    }

    /** The job, for its creator or an admin; 404 for anyone else. */
    public ImportJob visible(Caller caller, String jobId) {
        return jobs.findByIdOptional(jobId).filter(j -> caller.admin() || j.createdBy.equals(caller.id()))
                .orElseThrow(() -> new ProblemException(404, "No such import job."));
    }

    public InputStream report(ImportJob job) {
        if (job.reportFileId == null) {
            throw new ProblemException(404, "The report is not ready yet.");
        }
        return files.open(job.reportFileId);
    }

    /**
     * The uploaded file's name as people will read it in the job and its report: the last path
     * segment, control characters replaced, at most 200 characters; any script is kept.
     */
    static String displayName(String filename) {
        if (filename == null) {
            return "import.csv";
        }
        String base = filename.substring(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
        StringBuilder name = new StringBuilder();
        base.codePoints().limit(200).forEach(c -> name.appendCodePoint(
                Character.isISOControl(c) || Character.isSurrogate((char) c) && c < 0x10000 ? '_' : c));
        String result = name.toString().strip();
        return result.isEmpty() ? "import.csv" : result;
    }
}
