package io.helpdesk.analytics.rebuild;

import java.time.Instant;
import java.util.Date;

import org.bson.Document;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A rebuild of the projection as its route shows it: where it stands and how far it got. */
@RegisterForReflection
@Schema(name = "RebuildJob", requiredProperties = { "id", "state", "phase", "ticketsRead", "applied", "pages", "rollupDays",
        "failures", "startedAt", "updatedAt", "finishedAt", "error" })
public record RebuildJob(@Schema(description = "The job's id") String id,
        @Schema(description = "RUNNING until every ticket is read and every roll-up recomputed (DONE), or FAILED") State state,
        @Schema(description = "TICKETS while reading the ticket-service's list, then ROLLUPS while recomputing the daily roll-ups") Phase phase,
        @Schema(description = "Tickets read from the ticket-service (each page counted once, also across a restart)") long ticketsRead,
        @Schema(description = "Of those, the ones that changed the projection") long applied,
        @Schema(description = "Pages of the ticket list read") long pages,
        @Schema(description = "Daily roll-ups recomputed from the facts") long rollupDays,
        @Schema(description = "Failures of the current step in a row; the job is FAILED when they reach JOBS_MAX_ATTEMPTS") int failures,
        Instant startedAt, Instant updatedAt, @Schema(nullable = true, implementation = String.class, format = "date-time", description = "null while RUNNING") Instant finishedAt,
        @Schema(nullable = true, description = "The last failure (kind and message), null after a step that succeeded") String error) {

    @Schema(name = "RebuildState")
    public enum State {
        RUNNING, DONE, FAILED
    }

    @Schema(name = "RebuildPhase")
    public enum Phase {
        TICKETS, ROLLUPS
    }

    /** A new job, waiting for a replica to take it. */
    static Document start(String id, Instant now) {
        return new Document("_id", id).append("state", State.RUNNING.name()).append("phase", Phase.TICKETS.name())
                .append("cursor", null).append("rollupDay", null).append("ticketsRead", 0L).append("applied", 0L)
                .append("pages", 0L).append("rollupDays", 0L).append("failures", 0).append("startedAt", Date.from(now))
                .append("updatedAt", Date.from(now)).append("finishedAt", null).append("error", null).append("owner", null)
                .append("leaseUntil", new Date(0));
    }

    static RebuildJob of(Document d) {
        return new RebuildJob(d.getString("_id"), State.valueOf(d.getString("state")), Phase.valueOf(d.getString("phase")),
                number(d.get("ticketsRead")), number(d.get("applied")), number(d.get("pages")), number(d.get("rollupDays")),
                (int) number(d.get("failures")), instant(d.getDate("startedAt")), instant(d.getDate("updatedAt")),
                instant(d.getDate("finishedAt")), d.getString("error"));
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
