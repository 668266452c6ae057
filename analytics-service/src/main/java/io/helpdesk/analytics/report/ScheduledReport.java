package io.helpdesk.analytics.report;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.codecs.pojo.annotations.BsonId;
import org.jboss.logging.Logger;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;

import io.helpdesk.analytics.config.AnalyticsConfig;
import io.helpdesk.contracts.Channels;
import io.helpdesk.contracts.NotificationRequest;
import io.helpdesk.platform.events.Events;
import io.helpdesk.platform.events.OutboxEntry;
import io.helpdesk.platform.events.OutboxRelay;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.mongodb.panache.common.MongoEntity;
import io.quarkus.scheduler.Scheduled;

/**
 * Mails the PDF report to every admin on the configured cron. Each run is a document whose id is the
 * minute it was due: with several replicas, the first to insert it sends, the others find it there.
 * The notification request leaves through the run document's outbox.
 */
@ApplicationScoped
public class ScheduledReport implements PanacheMongoRepositoryBase<ScheduledReport.Run, String> {

    private static final Logger LOG = Logger.getLogger(ScheduledReport.class);

    @MongoEntity(collection = "report_runs")
    public static class Run {
        @BsonId
        public String id;
        public Instant at;
        public Instant from;
        public Instant to;
        public List<OutboxEntry> outbox = new ArrayList<>();
    }

    private final Reports reports;
    private final ReportDocuments documents;
    private final Events events;
    private final OutboxRelay outbox;
    private final AnalyticsConfig config;

    public ScheduledReport(Reports reports, ReportDocuments documents, Events events, OutboxRelay outbox,
            AnalyticsConfig config) {
        this.reports = reports;
        this.documents = documents;
        this.events = events;
        this.outbox = outbox;
        this.config = config;
    }

    @Scheduled(cron = "${analytics.report.cron:0 0 7 ? * MON}", timeZone = "UTC", identity = "analytics-report",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        send(Instant.now());
    }

    @Scheduled(every = "5s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void publishPending() {
        outbox.sweep(mongoCollection().withDocumentClass(org.bson.Document.class));
    }

    /** Sends the report due at this moment unless another replica already did; true when this call sent it. */
    public boolean send(Instant due) {
        Run run = new Run();
        run.id = due.truncatedTo(ChronoUnit.MINUTES).toString();
        run.at = Instant.now();
        run.to = due;
        run.from = due.minus(config.report().window());
        byte[] pdf = documents.overviewPdf(reports.overview(run.from, run.to, due));
        NotificationRequest request = new NotificationRequest(NotificationRequest.ANALYTICS_REPORT,
                NotificationRequest.ROLE_PREFIX + "ADMIN", Map.of("from", run.from.toString(), "to", run.to.toString()),
                List.of(new NotificationRequest.Attachment("helpdesk-report.pdf", "application/pdf",
                        Base64.getEncoder().encodeToString(pdf))));
        run.outbox.add(events.entry(Channels.NOTIFICATION_REQUESTS_STREAM, "NotificationRequested", "analytics-service",
                run.id, 1, events.toMap(request)));
        try {
            persist(run);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
        LOG.infof("Report for %s to %s sent to the admins", run.from, run.to);
        outbox.flush(mongoCollection().withDocumentClass(org.bson.Document.class), run.id);
        return true;
    }
}
