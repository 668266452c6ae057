package io.helpdesk.analytics.rebuild;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.helpdesk.analytics.facts.FactRepository;
import io.helpdesk.analytics.facts.RollupRepository;
import io.helpdesk.platform.web.problem.ProblemException;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Builds the daily roll-ups of an installation that has facts but never had roll-ups (one upgraded
 * from a version before them): at start-up, unless they are marked built, a rebuild job in its ROLLUPS
 * phase recomputes them from the facts a day at a time, in the background, resumable and on one replica
 * at a time (the rebuild's job, lease and lock). Until a rebuild finishes, the reports that read the
 * roll-ups answer 503 (see {@link #requireReady()}); a job that failed is started again (see {@link #retry()}).
 */
@ApplicationScoped
public class RollupBackfill {

    private static final Logger LOG = Logger.getLogger(RollupBackfill.class);

    private final RollupRepository rollups;
    private final FactRepository facts;
    private final Rebuild rebuild;
    private final RebuildJobRepository jobs;
    private volatile boolean ready;

    public RollupBackfill(RollupRepository rollups, FactRepository facts, Rebuild rebuild, RebuildJobRepository jobs) {
        this.rollups = rollups;
        this.facts = facts;
        this.rebuild = rebuild;
        this.jobs = jobs;
    }

    void started(@Observes StartupEvent event) {
        ensureBuilt();
    }

    /** Marks the roll-ups built when there are no facts, else starts the job that builds them unless one runs. */
    public void ensureBuilt() {
        ready = false;
        if (rollups.built()) {
            ready = true;
            return;
        }
        if (!facts.any()) {
            rollups.markBuilt(Instant.now());
            ready = true;
            return;
        }
        try {
            RebuildJob job = rebuild.begin(RebuildJob.Phase.ROLLUPS);
            LOG.infof("daily roll-ups never built: rebuild %s recomputes them from the facts", job.id());
        } catch (ProblemException e) {
            LOG.infof("daily roll-ups never built: the running rebuild %s builds them", jobs.lockedBy());
        }
    }

    /**
     * Starts the build again while the roll-ups are still not built and no job is running (the one started
     * failed, or stopped without freeing the lock: {@link Rebuild#begin} frees such a lock).
     */
    @Scheduled(every = "${analytics.rebuild.backfill-every:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void retry() {
        if (ready) {
            return;
        }
        String held = jobs.lockedBy();
        org.bson.Document job = held == null ? null : jobs.find(held);
        if (job == null || !RebuildJob.State.RUNNING.name().equals(job.getString("state"))) {
            ensureBuilt();
        }
    }

    /** Refuses (503) while the roll-ups were never built, naming the job that builds them. */
    public void requireReady() {
        if (ready) {
            return;
        }
        if (rollups.built()) {
            ready = true;
            return;
        }
        String job = jobs.lockedBy();
        throw new ProblemException(503, io.helpdesk.platform.web.problem.Problem.BLANK, null,
                "The daily roll-ups are being built from the facts" + (job == null ? "" : " (/v1/analytics/rebuild/" + job + " shows the progress)")
                        + "; try again shortly.", java.util.List.of(), java.time.Duration.ofSeconds(30));
    }
}
