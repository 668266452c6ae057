package io.helpdesk.analytics.report;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.helpdesk.analytics.config.AnalyticsConfig;
import io.helpdesk.platform.contracts.NotificationRequest;
import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.events.Outbox;
import io.helpdesk.platform.events.OutboxEntry;
import io.helpdesk.platform.jobs.Attempts;
import io.helpdesk.platform.logging.ThrottledLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;

/**
 * Mails the PDF report to every admin on the configured cron. Each run is a document
 * ({@link ReportRunRepository}) whose id is the minute it was due: with several replicas, the first to
 * insert it sends, the others find it there. The notification request leaves through the run
 * document's outbox.
 *
 * <p>A run that fails (the report cannot be computed or drawn) is tried again by the next retry pass,
 * up to {@code helpdesk.jobs.max-attempts} times, and then recorded as FAILED with the reason. Each
 * attempt first takes the run with one atomic update and a lease, so replicas never work on the same
 * run at once, and a run that failed never stops the others.
 */
// @Startup: the failure counter exists at 0 before the first (weekly) run.
@Startup
@ApplicationScoped
public class ScheduledReport {

    private static final Logger LOG = Logger.getLogger(ScheduledReport.class);
    private static final ThrottledLog THROTTLED = ThrottledLog.of(ScheduledReport.class);
    /** How long one attempt may hold a run before another replica may take it over. */
    static final Duration LEASE = Duration.ofMinutes(5);

    private final ReportRunRepository runs;
    private final Reports reports;
    private final ReportDocuments documents;
    private final Outbox outbox;
    private final AnalyticsConfig config;
    private final Attempts attempts;
    private final Counter failures;

    public ScheduledReport(ReportRunRepository runs, Reports reports, ReportDocuments documents,
            Outbox outbox, AnalyticsConfig config, Attempts attempts, MeterRegistry metrics) {
        this.runs = runs;
        this.reports = reports;
        this.documents = documents;
        this.outbox = outbox;
        this.config = config;
        this.attempts = attempts;
        this.failures = Counter.builder("helpdesk.analytics.report.failed")
                .description("Scheduled report runs given up after the last attempt (status FAILED)")
                .register(metrics);
    }

    @Scheduled(cron = "${analytics.report.cron:0 0 7 ? * MON}", timeZone = "UTC", identity = "analytics-report",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        send(Instant.now());
    }

    @Scheduled(every = "5s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void retryPendingRuns() {
        retryPending();
    }

    /** Sends the report due at this moment unless another replica already did; true when this call sent it. */
    public boolean send(Instant due) {
        ReportRun run = new ReportRun();
        run.id = due.truncatedTo(ChronoUnit.MINUTES).toString();
        run.at = Instant.now();
        run.to = due;
        run.from = due.minus(config.report().window());
        run.status = ReportRun.Status.PENDING;
        if (!runs.insertNew(run)) {
            return false;
        }
        return attempt(run.id);
    }

    /** Tries every run that is waiting for another attempt; returns how many were sent. */
    public int retryPending() {
        List<String> waiting = runs.waitingIds();
        int sent = 0;
        for (String id : waiting) {
            if (attempts.stopping()) {
                break;
            }
            try {
                if (attempt(id)) {
                    sent++;
                }
            } catch (RuntimeException e) {
                THROTTLED.warnf("report-run-not-tried", "Report run %s not tried now: %s", id, e.toString());
            }
        }
        return sent;
    }

    /** Takes the run (unless another attempt holds it) and sends it; true when this call sent it. */
    private boolean attempt(String id) {
        Instant now = Instant.now();
        ReportRun run = runs.take(id, now, now.plus(LEASE));
        if (run == null) {
            return false;
        }
        OutboxEntry report;
        try {
            byte[] pdf = documents.overviewPdf(reports.overview(run.from, run.to, run.to));
            NotificationRequest request = new NotificationRequest(NotificationRequest.ANALYTICS_REPORT,
                    NotificationRequest.ROLE_PREFIX + "ADMIN", Map.of("from", run.from.toString(), "to", run.to.toString()),
                    List.of(new NotificationRequest.Attachment("helpdesk-report.pdf", "application/pdf",
                            Base64.getEncoder().encodeToString(pdf))));
            report = outbox.event(EventType.NOTIFICATION_REQUESTED, "analytics-service", run.id, 1, request);
            run.status = ReportRun.Status.SENT;
            run.failure = null;
            run.finishedAt = Instant.now();
        } catch (RuntimeException e) {
            String reason = Attempts.reason(e);
            run.failure = reason;
            if (attempts.stopping()) {
                // The stop's failure, not the run's: PENDING, its attempt taken back, for the next start or replica.
                run.status = ReportRun.Status.PENDING;
                run.attempts = Math.max(0, run.attempts - 1);
                LOG.infof("Report run %s left for later, the service is stopping: %s", run.id, reason);
            } else if (attempts.exhausted(run.attempts)) {
                run.status = ReportRun.Status.FAILED;
                run.finishedAt = Instant.now();
                THROTTLED.errorf("report-run-failed",
                        "Report run %s failed for good after %d attempts: %s", run.id, run.attempts, reason);
                failures.increment();
            } else {
                run.status = ReportRun.Status.PENDING;
                THROTTLED.warnf("report-run-retried",
                        "Report run %s failed (attempt %d of %d), will try again: %s", run.id, run.attempts,
                        attempts.max(), reason);
            }
            run.leaseUntil = null;
            outbox.save(runs, run);
            return false;
        }
        run.leaseUntil = null;
        outbox.save(runs, run, report);
        LOG.infof("Report for %s to %s sent to the admins", run.from, run.to);
        return true;
    }
}
