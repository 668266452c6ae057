package io.helpdesk.ticket.importing;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jboss.logging.Logger;

import io.helpdesk.platform.contracts.NotificationRequest;
import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.events.Outbox;
import io.helpdesk.platform.jobs.Attempts;
import io.helpdesk.platform.logging.ThrottledLog;
import io.helpdesk.platform.security.Caller;
import io.helpdesk.platform.security.Roles;
import io.helpdesk.platform.web.input.PlainText;
import io.helpdesk.platform.web.problem.ProblemException;
import io.helpdesk.ticket.config.TicketConfig;
import io.helpdesk.ticket.ticket.TicketRequests;
import io.helpdesk.ticket.ticket.TicketService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;

/**
 * The import worker. A scheduled poll takes each queued job under a Redis lock (one replica per job),
 * reads the file as a stream, creates a ticket per valid row (ids derived from job and row, so a job
 * taken over after a crash creates nothing twice), records each failed row, renders the PDF report
 * and asks the notification-service to mail it.
 */
// @Startup: the failure counter exists at 0 before the first import.
@Startup
@ApplicationScoped
public class ImportRunner {

    private static final String LOCK = "tickets:import:lock:";
    private static final int PROGRESS_EVERY = 200;
    private static final Logger LOG = Logger.getLogger(ImportRunner.class);
    private static final ThrottledLog THROTTLED = ThrottledLog.of(ImportRunner.class);

    private final ImportJobRepository jobs;
    private final ImportFiles files;
    private final TicketService tickets;
    private final Validator validator;
    private final ValueCommands<String, String> locks;
    private final Outbox outbox;
    private final TicketConfig.Import config;
    private final Attempts attempts;
    private final Counter failures;
    private final String owner = UUID.randomUUID().toString();

    public ImportRunner(ImportJobRepository jobs, ImportFiles files, TicketService tickets, Validator validator,
            RedisDataSource redis, Outbox outbox, TicketConfig config, Attempts attempts,
            MeterRegistry metrics) {
        this.jobs = jobs;
        this.files = files;
        this.tickets = tickets;
        this.validator = validator;
        this.locks = redis.value(String.class);
        this.outbox = outbox;
        this.config = config.importing();
        this.attempts = attempts;
        this.failures = Counter.builder("helpdesk.tickets.import.failed")
                .description("CSV import jobs given up after the last attempt (status FAILED, no report)")
                .register(metrics);
    }

    @Scheduled(every = "${tickets.importing.poll-every:2s}", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        runPending();
    }

    /**
     * Processes every job this replica can lock; returns how many it finished. A job that throws is
     * tried again on a later poll, up to {@code helpdesk.jobs.max-attempts} times, and then marked
     * FAILED with the reason; either way the jobs after it go on.
     */
    public int runPending() {
        int processed = 0;
        List<Object> queued = jobs.waitingIds();
        for (Object id : queued) {
            if (attempts.stopping()) {
                break; // the rest wait for the next poll, here or on another replica
            }
            String lock = LOCK + id;
            if (locks.setGet(lock, owner, new SetArgs().nx().ex(config.lockTimeout())) != null) {
                continue; // another replica has it
            }
            try {
                if (process(id)) {
                    processed++;
                }
            } catch (RuntimeException e) {
                if (!attempts.stopping()) {
                    failedAttempt(id, e);
                }
            } finally {
                letGo(lock);
            }
        }
        return processed;
    }

    private void letGo(String lock) {
        try {
            if (owner.equals(locks.get(lock))) {
                locks.getdel(lock);
            }
        } catch (RuntimeException e) {
            if (!attempts.stopping()) {
                throw e;
            }
            LOG.debugf("Lock %s left to expire, the service is stopping: %s", lock, e.toString());
        }
    }

    private boolean process(Object id) {
        ImportJob queued = jobs.findById((String) id);
        if (queued == null) {
            return false;
        }
        // Opened before the attempt is counted: while the file storage is down this throws its 503, and the
        // job waits for the next poll without using up its attempts. From here on it is closed on every path
        // (with S3 it holds a connection), whatever the job's own steps throw.
        boolean finished = false;
        try (InputStream upload = files.open(queued.uploadKey).orElse(null)) {
            // Counted before the work, so a job that kills the worker outright is bounded too.
            finished = jobs.take(id) && run(id, upload);
        } catch (IOException e) {
            LOG.debugf("Closing the upload of import %s: %s", id, e.getMessage());
        }
        return finished;
    }

    /** One attempt at a taken job, reading its upload (null when it is no longer stored). */
    private boolean run(Object id, InputStream upload) {
        ImportJob job = jobs.findById((String) id);
        job.status = ImportJob.Status.RUNNING;
        job.startedAt = Instant.now();
        job.processed = 0;
        job.succeeded = 0;
        job.failed = 0;
        job.failure = null;
        job.errors.clear();
        outbox.save(jobs, job);
        Caller importer = Caller.acting(job.createdBy, job.createdByRole == null ? Roles.AGENT : job.createdByRole);
        try (Reader reader = new InputStreamReader(required(upload), StandardCharsets.UTF_8);
                CSVParser csv = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                        .setIgnoreHeaderCase(true).setTrim(true).setIgnoreEmptyLines(true).get().parse(reader)) {
            if (!csv.getHeaderMap().keySet().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList()
                    .containsAll(List.of("subject", "description", "customer_id"))) {
                throw new IllegalArgumentException("The header must name at least subject, description and customer_id");
            }
            for (CSVRecord record : csv) {
                if (attempts.stopping()) {
                    return stoppedAt(job);
                }
                long row = record.getRecordNumber();
                if (row > config.maxRows()) {
                    throw new IllegalArgumentException("More than " + config.maxRows() + " rows; split the file");
                }
                importRow(job, importer, record, row);
                if (row % PROGRESS_EVERY == 0) {
                    outbox.save(jobs, job);
                }
            }
            job.status = ImportJob.Status.DONE;
        } catch (IOException | RuntimeException e) {
            if (attempts.stopping()) {
                return stoppedAt(job); // the stop's failure, not the file's
            }
            // The file itself is unusable: trying again would read the same bytes.
            THROTTLED.warnf("import-stopped", "Import %s stopped: %s", job.id, e.getMessage());
            job.status = ImportJob.Status.FAILED;
            job.failure = e instanceof IOException || e.getMessage() == null ? "The file could not be read as CSV"
                    : e.getMessage();
        }
        job.finishedAt = Instant.now();
        finish(job);
        return true;
    }

    /**
     * Leaves a job the service's stop cut short RUNNING, which is waiting ({@code WAITING}), and takes back
     * the attempt its run counted: the next poll runs it again from the first row (rows already imported
     * are found by their ticket ids and not opened twice).
     */
    private boolean stoppedAt(ImportJob job) {
        LOG.infof("Import %s stopped with the service after %d rows; the next poll resumes it", job.id, job.processed);
        try {
            jobs.untake(job.id);
        } catch (RuntimeException e) {
            LOG.debugf("Import %s keeps the attempt its stopped run counted: %s", job.id, e.toString());
        }
        return false;
    }

    /** Records a failed attempt: queued again, or FAILED with the reason once the attempts are used up. */
    private void failedAttempt(Object id, RuntimeException e) {
        String reason = Attempts.reason(e);
        int tried = jobs.attempts(id);
        if (attempts.exhausted(tried)) {
            THROTTLED.errorf("import-failed", "Import %s failed for good after %d attempts: %s", id, tried, reason);
            jobs.markFailed(id, "Gave up after " + tried + " attempts: " + reason);
            failures.increment();
        } else {
            THROTTLED.warnf("import-retried",
                    "Import %s failed (attempt %d of %d), will try again: %s", id, tried, attempts.max(), reason);
            jobs.requeue(id, reason);
        }
    }

    private void importRow(ImportJob job, Caller importer, CSVRecord record, long row) {
        job.processed++;
        TicketRequests.Open request = new TicketRequests.Open(value(record, "subject"), value(record, "description"),
                upper(value(record, "priority")), value(record, "category"), tags(value(record, "tags")),
                value(record, "customer_id"));
        Set<ConstraintViolation<TicketRequests.Open>> violations = validator.validate(request);
        // The same rule as the API: no control characters in stored text (line breaks only in the description).
        String unplain = record.toMap().entrySet().stream()
                .filter(cell -> cell.getValue() != null
                        && !PlainText.isPlain(cell.getValue(), "description".equals(cell.getKey())))
                .map(cell -> cell.getKey() + ": must not contain control characters").sorted()
                .collect(Collectors.joining("; "));
        String problem = !unplain.isEmpty() ? unplain
                : violations.isEmpty() && request.customerId() == null ? "customer_id: must not be blank"
                : violations.stream().map(v -> column(v.getPropertyPath().toString()) + ": " + v.getMessage()).sorted()
                        .collect(Collectors.joining("; "));
        if (!problem.isEmpty()) {
            job.failed++;
            if (job.errors.size() < ImportJob.MAX_KEPT_ERRORS) {
                job.errors.add(new ImportJob.RowError(row, problem));
            }
            return;
        }
        String ticketId = UUID.nameUUIDFromBytes((job.id + ":" + row).getBytes(StandardCharsets.UTF_8)).toString();
        if (tickets.existing(ticketId).isEmpty()) {
            tickets.open(importer, request, ticketId);
        }
        job.succeeded++;
    }

    private void finish(ImportJob job) {
        try {
            byte[] pdf = ImportReport.render(job);
            String name = "import-report-" + job.id + ".pdf";
            try {
                job.reportKey = files.storeReport(job.id, pdf);
            } catch (ProblemException e) {
                // The mail still carries the report; only the copy to download later is missing.
                THROTTLED.warnf("import-report-not-stored",
                        "The report of import %s could not be stored: %s", job.id, e.getMessage());
            }
            NotificationRequest request = new NotificationRequest(NotificationRequest.IMPORT_REPORT, job.createdBy,
                    Map.of("jobId", job.id, "filename", job.filename, "status", job.status.name(),
                            "processed", job.processed, "succeeded", job.succeeded, "failed", job.failed),
                    List.of(new NotificationRequest.Attachment(name, "application/pdf",
                            Base64.getEncoder().encodeToString(pdf))));
            outbox.save(jobs, job, outbox.event(EventType.NOTIFICATION_REQUESTED, "ticket-service", job.id, 1, request));
            return;
        } catch (IOException e) {
            THROTTLED.errorf(e, "import-report-not-rendered", "The report of import %s could not be rendered", job.id);
        }
        outbox.save(jobs, job);
    }

    private static InputStream required(InputStream upload) {
        if (upload == null) {
            throw new IllegalArgumentException("The uploaded file is no longer stored");
        }
        return upload;
    }

    private static String value(CSVRecord record, String column) {
        if (!record.isMapped(column) || !record.isSet(column)) {
            return null;
        }
        String value = record.get(column);
        return value == null || value.isBlank() ? null : value;
    }

    private static String upper(String value) {
        return value == null ? null : value.toUpperCase(Locale.ROOT);
    }

    private static List<String> tags(String value) {
        return value == null ? null
                : Arrays.stream(value.split("[;|]")).map(String::strip).filter(s -> !s.isEmpty())
                        .map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }

    private static String column(String property) {
        return property.equals("customerId") ? "customer_id" : property.replaceAll("\\[\\d+\\].*", "");
    }

}
