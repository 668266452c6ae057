package io.helpdesk.chat.room;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.helpdesk.platform.logging.ThrottledLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.cache.CacheKey;
import io.quarkus.cache.CacheResult;
import io.quarkus.runtime.Startup;

/**
 * Asks the ticket-service whether a person may see a ticket, by the same rule its own GET applies:
 * timeout, retry, circuit breaker, and a short cache of the answers (failures are not cached). Only
 * timeouts, unreachable hosts and 5xx count against the breaker; an answer, yes or no, never does,
 * so no caller's input can open it for everyone. When the ticket-service cannot say, the answer is
 * "unknown", which refuses the join; that is logged and counted.
 */
// @Startup: its counters exist at 0 before the first room is joined.
@Startup
@ApplicationScoped
public class TicketAccess {

    public enum Answer {
        YES, NO, UNKNOWN
    }

    /** The ticket-service refused chat's own call (its service token): a setup fault, not an outage. */
    static final class CallRefused extends RuntimeException {
        CallRefused(int status) {
            super("ticket-service refused the access check with " + status);
        }
    }

    private static final ThrottledLog THROTTLED = ThrottledLog.of(TicketAccess.class);

    private final TicketApi api;
    private final Counter refused;
    private final Counter fallbacks;

    public TicketAccess(@RestClient TicketApi api, MeterRegistry metrics) {
        this.api = api;
        this.refused = Counter.builder("helpdesk.chat.ticket_access.refused")
                .description("Ticket access checks the ticket-service refused with 401/403 (chat's client credentials are wrong)")
                .register(metrics);
        this.fallbacks = Counter.builder("helpdesk.chat.ticket_access.fallback")
                .description("Ticket access checks the ticket-service could not answer (timeout, error or open circuit)")
                .register(metrics);
    }

    /** YES or NO; throws when the ticket-service cannot say (so no failure is cached). */
    @CacheResult(cacheName = "ticket-access")
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = CallRefused.class)
    @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS,
            skipOn = CallRefused.class)
    public Answer maySee(@CacheKey String userId, @CacheKey String role, @CacheKey String ticketId) {
        try (var response = api.access(ticketId, userId, role)) {
            int status = response.getStatus();
            if (status == 200) {
                return response.readEntity(TicketApi.Access.class).visible() ? Answer.YES : Answer.NO;
            }
            if (status == 404) {
                return Answer.NO;
            }
            if (status >= 500) {
                throw new IllegalStateException("ticket-service answered " + status);
            }
            throw new CallRefused(status);
        }
    }

    /** The answer, or UNKNOWN when the ticket-service cannot give one. */
    public Answer check(String userId, String role, String ticketId) {
        try {
            return maySee(userId, role, ticketId);
        } catch (CallRefused e) {
            THROTTLED.errorf("client-credentials-refused",
                    "%s: check chat's client credentials (AUTH_CLIENTS_CHAT)", e.getMessage());
            refused.increment();
            return Answer.UNKNOWN;
        } catch (RuntimeException e) {
            THROTTLED.warnf("ticket-service-unreachable",
                    "ticket-service unreachable while checking ticket %s: %s", ticketId, e.toString());
            fallbacks.increment();
            return Answer.UNKNOWN;
        }
    }
}
