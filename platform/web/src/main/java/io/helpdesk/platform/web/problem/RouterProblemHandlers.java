package io.helpdesk.platform.web.problem;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Errors raised below JAX-RS (no route at all, a wrong method, a body over the size limit) get the
 * same problem+json shape as errors from resources. Request bodies' own limits are
 * {@link io.helpdesk.platform.web.http.RequestBodies}'.
 */
@ApplicationScoped
public class RouterProblemHandlers {

    private final ProblemResponses problems;

    public RouterProblemHandlers(ProblemResponses problems) {
        this.problems = problems;
    }

    void install(@Observes Router router) {
        router.errorHandler(404, ctx -> reply(ctx, 404, "Nothing was found at this address."));
        router.errorHandler(405, ctx -> reply(ctx, 405, "This method is not allowed here."));
        router.errorHandler(413, ctx -> reply(ctx, 413, "The request body is too large."));
    }

    private void reply(RoutingContext ctx, int status, String detail) {
        problems.end(ctx, status, detail, null, false);
    }
}
