package io.helpdesk.analytics.report;

import java.time.Instant;

import org.bson.codecs.pojo.annotations.BsonId;

import io.helpdesk.platform.events.Outboxed;
import io.quarkus.mongodb.panache.common.MongoEntity;

/** One run of the scheduled report; its id is the minute it was due. */
@MongoEntity(collection = "report_runs")
public class ReportRun extends Outboxed {

    public enum Status {
        PENDING, RUNNING, SENT, FAILED
    }

    @BsonId
    public String id;
    public Instant at;
    public Instant from;
    public Instant to;
    public Status status;
    public int attempts;
    /** Why the run is FAILED, or why its last attempt failed. */
    public String failure;
    public Instant leaseUntil;
    public Instant finishedAt;

    @Override
    public Object outboxId() {
        return id;
    }
}
