package io.helpdesk.ticket.importing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.platform.security.Caller;
import io.helpdesk.platform.web.problem.ProblemException;
import io.helpdesk.ticket.config.TicketConfig;
import io.helpdesk.ticket.upload.UploadTypes;

/**
 * CSV bulk import, as the API sees it: the upload is stored in the object store and its job queued at once
 * ({@link ImportRunner} does the work); the job and its report are shown to whoever started it and
 * to admins.
 */
@ApplicationScoped
public class ImportService {

    static final Set<String> CSV_TYPES = Set.of("text/csv", "text/plain", "application/csv", "application/vnd.ms-excel");

    private final ImportJobRepository jobs;
    private final ImportFiles files;
    private final UploadTypes types;
    private final TicketConfig.Import config;

    public ImportService(ImportJobRepository jobs, ImportFiles files, UploadTypes types, TicketConfig config) {
        this.jobs = jobs;
        this.files = files;
        this.types = types;
        this.config = config.importing();
    }

    /**
     * Stores the upload and queues the job: 400 for an empty file, 413 over the size limit, 415 for a type
     * other than CSV or bytes that are not UTF-8 text (binary, a NUL byte, an invalid sequence).
     */
    public ImportJob submit(Caller caller, String filename, String contentType, Path upload) {
        long size = size(upload);
        if (size == 0) {
            throw UploadTypes.refused(400, "The file is empty.", "is empty");
        }
        if (size > config.maxSize()) {
            throw UploadTypes.refused(413, "An import file may be at most " + config.maxSize() + " bytes.",
                    "is larger than " + config.maxSize() + " bytes");
        }
        String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!CSV_TYPES.contains(type)) {
            throw UploadTypes.refused(415, "Send a CSV file (text/csv).", "is not sent as CSV");
        }
        if (!types.isUtf8Text(upload)) {
            throw UploadTypes.refused(415, "The file is not CSV: its bytes are not UTF-8 text.", "is not UTF-8 text");
        }
        ImportJob job = new ImportJob();
        job.id = UUID.randomUUID().toString();
        job.status = ImportJob.Status.QUEUED;
        job.filename = displayName(filename);
        job.createdBy = caller.id();
        job.createdByRole = caller.role();
        job.createdAt = Instant.now();
        // The file first: with the store down the caller gets a 503 and no job exists to send again.
        job.uploadKey = files.storeUpload(job.id, upload);
        try {
            jobs.persist(job);
        } catch (RuntimeException e) {
            files.discard(job.uploadKey);
            throw e;
        }
        return job;
    }

    /** The job, for its creator or an admin; 404 for anyone else. */
    public ImportJob visible(Caller caller, String jobId) {
        return jobs.findByIdOptional(jobId).filter(j -> caller.admin() || j.createdBy.equals(caller.id()))
                .orElseThrow(() -> new ProblemException(404, "No such import job."));
    }

    public InputStream report(ImportJob job) {
        if (job.reportKey == null) {
            throw new ProblemException(404, "The report is not ready yet.");
        }
        return files.open(job.reportKey).orElseThrow(() -> new ProblemException(404, "The report is not ready yet."));
    }

    private static long size(Path upload) {
        try {
            return Files.size(upload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
