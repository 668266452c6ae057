package io.helpdesk.platform.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.security.AuthenticationFailedException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A refused token can fail one request twice: on a WebSocket upgrade both the proactive
 * authentication and the endpoint's own security check wait for the same identity, and each reports
 * its failure. The first is answered with the 401 problem; the second found the answer written and
 * was logged as a server error with a stack trace, for every bad token anyone sent. A failed
 * authentication that has been answered already needs nothing more.
 */
@ApplicationScoped
public class AnsweredAuthenticationFailures {

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(AnsweredAuthenticationFailures::handle);
    }

    static void handle(RoutingContext ctx) {
        if (ctx.response().headWritten() && isAuthenticationFailure(ctx.failure())) {
            return;
        }
        ctx.next();
    }

    private static boolean isAuthenticationFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuthenticationFailedException) {
                return true;
            }
        }
        return false;
    }
}
