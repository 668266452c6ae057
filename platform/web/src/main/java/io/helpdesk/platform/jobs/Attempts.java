package io.helpdesk.platform.jobs;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.ShutdownEvent;

/**
 * The one rule for background work that keeps failing: each item (an import job, a report run, a
 * ticket's SLA mark, an outbox event) counts its attempts, and once it has used
 * {@link JobsConfig#maxAttempts()} it is recorded as FAILED with the reason instead of being tried
 * again, so it can never hold up the items queued behind it.
 * <p>
 * A stop is not a failure: once the service begins to stop ({@link #stopping()}), a loop over queued
 * items takes no further one and leaves the one in hand as it is, uncounted, for the next start or
 * another replica, instead of failing it as the service's own clients close under it. Every
 * {@code @Scheduled} method also skips its runs from then on ({@code Scheduled.ApplicationNotRunning}, the
 * scheduler's own predicate, observing the same event); this flag is for the loops inside a run.
 */
@ApplicationScoped
public class Attempts {

    /** Reasons are stored on documents and shown in status routes: long enough to act on, no longer. */
    static final int MAX_REASON = 500;

    /**
     * The process told to stop (SIGTERM, as Kubernetes stops a pod): true at once, from one JVM shutdown hook
     * registered by the first instance made (at run time, also in a native image), while Quarkus is still closing
     * what the service uses. Its ShutdownEvent comes after some clients have closed (a Redis subscription ends
     * before it), and is what stops a service that stops without the process (tests).
     */
    private static final AtomicBoolean HOOKED = new AtomicBoolean();
    private static volatile boolean processStopping;

    private final int max;
    private volatile boolean stopping;

    public Attempts(JobsConfig config) {
        this.max = Math.max(1, config.maxAttempts());
        if (HOOKED.compareAndSet(false, true)) {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> processStopping = true, "stopping"));
            } catch (IllegalStateException alreadyStopping) {
                // First made while the process stops (by the ShutdownEvent observer below, say).
                processStopping = true;
            }
        }
    }

    /** Observes the service's stop. */
    public void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /** True once the service has begun to stop: take no further item, and count no failure against one. */
    public boolean stopping() {
        return stopping || processStopping;
    }

    public int max() {
        return max;
    }

    /** True when an item that has now failed this many times must not be tried again. */
    public boolean exhausted(int attempts) {
        return attempts >= max;
    }

    /** What went wrong, in one line: the exception's kind and message, without a stack trace. */
    public static String reason(Throwable failure) {
        String message = failure.getMessage();
        String reason = failure.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
        reason = reason.replaceAll("\\s+", " ").strip();
        return reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON - 3) + "..." : reason;
    }
}
