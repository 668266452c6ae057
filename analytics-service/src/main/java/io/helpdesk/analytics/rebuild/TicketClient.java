package io.helpdesk.analytics.rebuild;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import io.helpdesk.platform.logging.ThrottledLog;
import io.helpdesk.platform.web.problem.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/** Calls the ticket-service with a timeout, retries and a circuit breaker; an outage answers 503, logged and counted. */
// @Startup: the fallback counter exists at 0 before the first rebuild.
@Startup
@ApplicationScoped
public class TicketClient {
    private static final ThrottledLog THROTTLED = ThrottledLog.of(TicketClient.class);
    /** Oldest first: tickets created during a rebuild land on its last pages, and a cursor stays valid. */
    static final String SORT = "createdAt";

    private final TicketApi api;
    private final Counter fallbacks;

    public TicketClient(@RestClient TicketApi api, MeterRegistry metrics) {
        this.api = api;
        this.fallbacks = Counter.builder("helpdesk.analytics.ticket_client.fallback")
                .description("Projection rebuild pages the ticket-service could not serve (timeout, error or open circuit)")
                .register(metrics);
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, abortOn = ProblemException.class)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS)
    @Fallback(fallbackMethod = "unavailable", skipOn = ProblemException.class)
    public TicketApi.Page page(String cursor, int size) {
        return api.list(cursor, size, SORT);
    }

    TicketApi.Page unavailable(String cursor, int size, Throwable cause) {
        THROTTLED.warnf("ticket-service-unreachable",
                "ticket-service unreachable during a rebuild (cursor %s): %s", cursor, cause.toString());
        fallbacks.increment();
        throw ProblemException.unavailable("The ticket-service cannot be reached; try the rebuild again later.",
                java.time.Duration.ofSeconds(30));
    }
}
