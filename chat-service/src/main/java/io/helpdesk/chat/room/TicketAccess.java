package io.helpdesk.chat.room;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.cache.CacheKey;
import io.quarkus.cache.CacheResult;

/**
 * Asks the ticket-service whether a user may see a ticket, with the user's own token: timeout, retry,
 * circuit breaker, and a short cache of the answers (failures are not cached). When the
 * ticket-service is down the answer is "unknown", which refuses the join; that is logged and counted.
 */
@ApplicationScoped
public class TicketAccess {

    public enum Answer {
        YES, NO, UNKNOWN
    }

    private static final Logger LOG = Logger.getLogger(TicketAccess.class);

    private final TicketApi api;
    private final MeterRegistry metrics;

    public TicketAccess(@RestClient TicketApi api, MeterRegistry metrics) {
        this.api = api;
        this.metrics = metrics;
    }

    /** YES or NO; throws when the ticket-service cannot say (so no failure is cached). */
    @CacheResult(cacheName = "ticket-access")
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, jitter = 50)
    @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS)
    public Answer maySee(@CacheKey String userId, @CacheKey String ticketId, String authorization) {
        try (var response = api.get(authorization, ticketId)) {
            int status = response.getStatus();
            if (status == 200) {
                return Answer.YES;
            }
            if (status == 404 || status == 403 || status == 401) {
                return Answer.NO;
            }
            throw new IllegalStateException("ticket-service answered " + status);
        }
    }

    /** The answer, or UNKNOWN when the ticket-service is down. */
    public Answer check(String userId, String ticketId, String authorization) {
        try {
            return maySee(userId, ticketId, authorization);
        } catch (RuntimeException e) {
            LOG.warnf("ticket-service unreachable while checking ticket %s: %s", ticketId, e.toString());
            metrics.counter("helpdesk.chat.ticket_access.fallback").increment();
            return Answer.UNKNOWN;
        }
    }
}
