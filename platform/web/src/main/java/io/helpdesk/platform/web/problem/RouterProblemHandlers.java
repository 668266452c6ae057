package io.helpdesk.platform.web.problem;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Errors raised below JAX-RS (no route at all, a wrong method, a body over the size limit) get the
 * same problem+json shape as errors from resources.
 */
@ApplicationScoped
public class RouterProblemHandlers {

    private final ProblemResponses problems;
    private final Optional<MemorySize> maxBodySize;

    public RouterProblemHandlers(ProblemResponses problems,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize) {
        this.problems = problems;
        this.maxBodySize = maxBodySize;
    }

    void install(@Observes Router router) {
        router.errorHandler(404, ctx -> reply(ctx, 404, "Nothing was found at this address."));
        router.errorHandler(405, ctx -> reply(ctx, 405, "This method is not allowed here."));
        router.errorHandler(413, ctx -> reply(ctx, 413, "The request body is too large."));
        // Quarkus refuses an announced oversized body with an empty 413 just after this route;
        // answering first keeps the problem shape for that case too.
        maxBodySize.map(MemorySize::asLongValue).ifPresent(limit -> router.route()
                .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
                .handler(ctx -> refuseOversized(ctx, limit)));
    }

    private void refuseOversized(RoutingContext ctx, long limit) {
        String length = ctx.request().headers().get(HttpHeaderNames.CONTENT_LENGTH);
        if (length != null && parse(length) > limit) {
            // The unread body would otherwise arrive as the next request: answer, then hang up.
            ctx.response().putHeader(HttpHeaderNames.CONNECTION, "close")
                    .endHandler(done -> ctx.request().connection().close());
            reply(ctx, 413, "The request body is larger than the limit of " + limit + " bytes.");
        } else {
            ctx.next();
        }
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1; // Vert.x rejects a malformed Content-Length itself
        }
    }

    private void reply(RoutingContext ctx, int status, String detail) {
        if (ctx.response().headWritten()) {
            return;
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(problems.body(problems.problem(status, detail, ctx.request().path())));
    }
}
