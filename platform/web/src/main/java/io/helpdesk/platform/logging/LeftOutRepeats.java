package io.helpdesk.platform.logging;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;

/**
 * Writes the repeats {@link ThrottledLog} left out when no line of their kind followed: a burst that ends (500
 * deliveries given up in half a minute, then none) would otherwise show its first line and never its count.
 * Every quarter of a minute, for each kind whose minute has passed since its last line with repeats left out,
 * the last of them is written with how many there were.
 */
@ApplicationScoped
public class LeftOutRepeats {

    @Scheduled(every = "15s", delayed = "15s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void write() {
        ThrottledLog.writeAllLeftOut();
    }
}
