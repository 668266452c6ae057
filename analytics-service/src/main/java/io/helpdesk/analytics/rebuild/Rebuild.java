package io.helpdesk.analytics.rebuild;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.bson.Document;
import org.jboss.logging.Logger;

import io.helpdesk.analytics.config.AnalyticsConfig;
import io.helpdesk.analytics.facts.FactsChanged;
import io.helpdesk.analytics.facts.RollupRepository;
import io.helpdesk.analytics.facts.TicketProjection;
import io.helpdesk.platform.jobs.Attempts;
import io.helpdesk.platform.logging.ThrottledLog;
import io.helpdesk.platform.web.problem.ProblemException;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Rebuilds the projection in the background: reads every ticket through the ticket-service's list, a
 * page (by cursor, oldest first) at a time with analytics' own SERVICE token, then recomputes the daily
 * roll-ups from the facts a day at a time. Its state is a {@code rebuild_jobs} document saved after
 * every step, so a job survives a restart and continues from its saved cursor; a lease lets one replica
 * at a time work on it, and {@code rebuild_lock} lets one job at a time run.
 */
@ApplicationScoped
public class Rebuild {

    private static final Logger LOG = Logger.getLogger(Rebuild.class);
    private static final ThrottledLog THROTTLED = ThrottledLog.of(Rebuild.class);
    static final int PAGE = 100;

    private final TicketClient tickets;
    private final TicketProjection projection;
    private final RollupRepository rollups;
    private final RebuildJobRepository jobs;
    private final Event<FactsChanged> changes;
    private final Attempts attempts;
    private final AnalyticsConfig.Rebuild config;
    private final String owner = UUID.randomUUID().toString();

    public Rebuild(TicketClient tickets, TicketProjection projection, RollupRepository rollups, RebuildJobRepository jobs,
            Event<FactsChanged> changes, Attempts attempts, AnalyticsConfig config) {
        this.tickets = tickets;
        this.projection = projection;
        this.rollups = rollups;
        this.jobs = jobs;
        this.changes = changes;
        this.attempts = attempts;
        this.config = config.rebuild();
    }

    /**
     * Starts a rebuild, or refuses (409, naming it) while one is running. The job is written before the
     * lock is taken (held by this replica until then, so no replica takes it up unlocked): a lock always
     * names a job that exists, so a second start never mistakes a job about to be written for a stale lock.
     */
    public RebuildJob start() {
        return begin(RebuildJob.Phase.TICKETS);
    }

    /** Starts a job in the phase given (ROLLUPS: recompute the roll-ups from the facts only); 409 while one runs. */
    RebuildJob begin(RebuildJob.Phase phase) {
        String held = jobs.lockedBy();
        if (held != null) {
            Document running = jobs.find(held);
            if (running != null && RebuildJob.State.RUNNING.name().equals(running.getString("state"))) {
                throw running(held);
            }
            jobs.unlock(held); // its job ended (or was removed) without freeing the lock
        }
        String id = UUID.randomUUID().toString();
        Document job = RebuildJob.start(id, Instant.now()).append("phase", phase.name()).append("owner", owner)
                .append("leaseUntil", java.util.Date.from(leaseEnd()));
        jobs.insert(job);
        if (!jobs.lock(id)) {
            jobs.delete(id);
            throw running(jobs.lockedBy());
        }
        jobs.release(id, owner);
        Infrastructure.getDefaultWorkerPool().execute(this::work);
        return RebuildJob.of(job.append("owner", null).append("leaseUntil", new java.util.Date(0)));
    }

    public Optional<RebuildJob> find(String id) {
        return Optional.ofNullable(jobs.find(id)).map(RebuildJob::of);
    }

    /** Takes up a job no replica is working on: a new one, one whose replica stopped, one waiting to be retried. */
    @Scheduled(every = "${analytics.rebuild.every:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void resume() {
        work();
    }

    synchronized void work() {
        Document job;
        while (!attempts.stopping() && (job = jobs.take(owner, Instant.now(), leaseEnd())) != null) {
            run(job);
        }
    }

    private void run(Document job) {
        String id = job.getString("_id");
        try {
            String cursor = job.getString("cursor");
            boolean reading = RebuildJob.Phase.TICKETS.name().equals(job.getString("phase"));
            while (reading) {
                if (attempts.stopping()) {
                    return; // resumed from this page once the lease runs out, here or on another replica
                }
                TicketApi.Page page = tickets.page(cursor, PAGE);
                long applied = 0;
                for (TicketApi.Item item : page.items()) {
                    if (projection.apply(item.snapshot())) {
                        applied++;
                    }
                }
                if (!jobs.pageDone(id, owner, cursor, page.next(), page.items().size(), applied, Instant.now(), leaseEnd())) {
                    return; // another replica holds it now
                }
                if (applied > 0) {
                    changes.fire(new FactsChanged());
                }
                cursor = page.next();
                reading = cursor != null;
            }
            String previous = job.getString("rollupDay");
            while (true) {
                if (attempts.stopping()) {
                    return; // resumed from this day once the lease runs out
                }
                Instant from = previous == null ? Instant.EPOCH
                        : LocalDate.parse(previous).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                Optional<String> day = projection.recomputeNextDay(from);
                for (String gap : rollups.daysBetween(previous, day.orElse(null))) {
                    projection.recompute(LocalDate.parse(gap)); // a day left without tickets: to empty, under the same hold
                }
                if (day.isEmpty()) {
                    break;
                }
                if (!jobs.dayDone(id, owner, previous, day.get(), Instant.now(), leaseEnd())) {
                    return;
                }
                previous = day.get();
            }
            if (jobs.finish(id, owner, RebuildJob.State.DONE, null, Instant.now())) {
                rollups.markBuilt(Instant.now());
                jobs.unlock(id);
                changes.fire(new FactsChanged());
            }
        } catch (RuntimeException e) {
            if (attempts.stopping()) {
                LOG.infof("rebuild %s: left where it was, the service is stopping: %s", id, e.toString());
                return;
            }
            Document current = jobs.find(id);
            int failures = (current == null ? 0 : ((Number) current.get("failures")).intValue()) + 1;
            String reason = Attempts.reason(e);
            if (attempts.exhausted(failures)) {
                THROTTLED.errorf("rebuild-failed", "rebuild %s FAILED after %d attempts: %s", id, failures, reason);
                if (jobs.finish(id, owner, RebuildJob.State.FAILED, reason, Instant.now())) {
                    jobs.unlock(id);
                }
            } else {
                THROTTLED.warnf("rebuild-step-retried",
                        "rebuild %s: step failed (%d of %d), retried in %s: %s", id, failures, attempts.max(),
                        config.retryAfter(), reason);
                jobs.failedOnce(id, owner, reason, failures, Instant.now(), Instant.now().plus(config.retryAfter()));
            }
        }
    }

    private Instant leaseEnd() {
        return Instant.now().plus(config.lease());
    }

    private static ProblemException running(String id) {
        return new ProblemException(409, "A rebuild is running: /v1/analytics/rebuild/" + id + " shows its progress.");
    }
}
