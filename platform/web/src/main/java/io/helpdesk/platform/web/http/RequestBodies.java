package io.helpdesk.platform.web.http;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.helpdesk.platform.logging.ThrottledLog;
import io.helpdesk.platform.web.problem.ProblemResponses;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Every request body arrives whole before a resource sees it, within limits a caller cannot stretch.
 *
 * <p>Quarkus REST reads a blocking resource's body on the worker thread that will run the resource, as it
 * arrives: a caller that sends its headers and then its body slowly, or never, holds that thread for as
 * long as it keeps sending, and a few hundred such callers hold them all (a slowloris). Here the body is
 * read on the event loop first, and Quarkus REST takes it from the routing context; a slow caller holds
 * only its connection and the bytes it sent. Three limits, each answered with a problem and a hang-up
 * (the rest of the body is never read):
 * <ul>
 * <li>a body over {@code quarkus.http.limits.max-body-size} (HTTP_MAX_BODY_SIZE), or over the buffer below:
 * 413, announced or counted as it arrives;
 * <li>a body that has not arrived whole within {@code helpdesk.http.body-timeout} (HTTP_BODY_TIMEOUT) of
 * the request: 408;
 * <li>the bodies held by all requests in progress together over {@code helpdesk.http.body-buffer}
 * (HTTP_BODY_BUFFER): 503 with {@code Retry-After}, so that the heap bounds what callers can make a
 * service hold, not the number of their connections.
 * </ul>
 * What is held at a moment is the gauge {@code helpdesk_http_request_bodies_held_bytes}.
 * A caller who hangs up or resets its connection mid-body has gone: nothing is answered or logged above
 * DEBUG. Form bodies (URL-encoded and multipart) are left to Quarkus REST, which parses them on the event
 * loop itself (to its upload files); their announced size is checked here, and a form not whole within
 * {@code helpdesk.http.form-timeout} (HTTP_FORM_TIMEOUT) has its connection closed (no answer: Quarkus REST is
 * reading it, and answers it itself).
 */
@ApplicationScoped
public class RequestBodies {

    private static final Logger LOG = Logger.getLogger(RequestBodies.class);
    private static final ThrottledLog THROTTLED = ThrottledLog.of(RequestBodies.class);
    private static final Duration FULL_RETRY_AFTER = Duration.ofSeconds(5);

    private final long maxBodySize;
    /** The most a body read here may hold: never more than all of them together may. */
    private final long bodyLimit;
    private final long timeoutMillis;
    /** A form's: an upload's bytes take longer than a JSON body's. */
    private final long formTimeoutMillis;
    private final long budget;
    private final ProblemResponses problems;
    private final AtomicLong held = new AtomicLong();

    public RequestBodies(ProblemResponses problems, MeterRegistry metrics,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize,
            @ConfigProperty(name = "helpdesk.http.body-timeout") Duration timeout,
            @ConfigProperty(name = "helpdesk.http.form-timeout") Duration formTimeout,
            @ConfigProperty(name = "helpdesk.http.body-buffer") MemorySize budget) {
        this.problems = problems;
        this.maxBodySize = maxBodySize.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
        this.timeoutMillis = Math.max(1, timeout.toMillis());
        this.formTimeoutMillis = Math.max(1, formTimeout.toMillis());
        this.budget = budget.asLongValue();
        this.bodyLimit = Math.min(this.maxBodySize, this.budget);
        Gauge.builder("helpdesk.http.request.bodies.held", held, AtomicLong::get).baseUnit("bytes")
                .description("Bytes of request bodies held by the requests in progress (at most HTTP_BODY_BUFFER)")
                .register(metrics);
    }

    void install(@Observes Router router) {
        // Before Quarkus's own size check (which answers an empty 413) and before every route.
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        long length = contentLength(request);
        boolean form = isForm(request);
        long limit = form ? maxBodySize : bodyLimit;
        if (length > limit) {
            refuse(ctx, 413, tooLarge(limit), null);
        } else if (request.isEnded() || !hasBody(request, length) || request.version() == HttpVersion.HTTP_2) {
            // HTTP/2 is off (quarkus.http.http2=false); where it is turned on, its bodies are left to Quarkus REST,
            // which pauses the request it is given, and an HTTP/2 request refuses that once it has been read.
            ctx.next();
        } else if (form) {
            deadline(ctx);
            ctx.next();
        } else {
            new Reading(ctx).start(request);
        }
    }

    /**
     * A form's body, which Quarkus REST reads (on the event loop, to its upload files), must still arrive whole within
     * {@code helpdesk.http.form-timeout} (HTTP_FORM_TIMEOUT: an upload takes longer than a JSON body), or the
     * connection is closed: Quarkus REST is reading it and answers the request itself, so no answer can be put
     * before it. The deadline ends with the answer.
     */
    private void deadline(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        long timer = ctx.vertx().setTimer(formTimeoutMillis, expired -> {
            if (!request.isEnded() && !ctx.response().closed()) {
                LOG.debugf("Closed the connection of a form to %s that did not arrive whole within %d ms", request.path(),
                        formTimeoutMillis);
                request.connection().close();
            }
        });
        ctx.addEndHandler(done -> ctx.vertx().cancelTimer(timer));
    }

    /** One request's body, read on its connection's event loop. */
    private final class Reading {

        private final RoutingContext ctx;
        private final Buffer body = Buffer.buffer();
        private long reserved;
        private long timer;
        private boolean over;

        Reading(RoutingContext ctx) {
            this.ctx = ctx;
        }

        void start(HttpServerRequest request) {
            if (HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(request.getHeader(HttpHeaderNames.EXPECT))
                    && request.version() != HttpVersion.HTTP_1_0) {
                ctx.response().writeContinue();
            }
            timer = ctx.vertx().setTimer(timeoutMillis, expired -> fail(408,
                    "The request body did not arrive whole within " + timeoutMillis + " ms.", null));
            ctx.addEndHandler(done -> release()); // the answer is out, or the connection gone
            request.handler(this::received);
            request.endHandler(end -> complete());
            request.exceptionHandler(this::broken);
            request.resume();
        }

        private void received(Buffer chunk) {
            if (over) {
                return;
            }
            if ((long) body.length() + chunk.length() > bodyLimit) {
                fail(413, tooLarge(bodyLimit), null);
            } else if (!reserve(chunk.length())) {
                warnFull();
                fail(503, "The service is receiving too many request bodies at once; try again shortly.",
                        FULL_RETRY_AFTER);
            } else {
                body.appendBuffer(chunk);
            }
        }

        private void complete() {
            if (!over) {
                over = true;
                ctx.vertx().cancelTimer(timer);
                ctx.setBody(body);
                ctx.next();
            }
        }

        private void broken(Throwable failure) {
            if (!over) {
                over = true;
                ctx.vertx().cancelTimer(timer);
                release();
                LOG.debugf("The request body to %s did not arrive: %s", ctx.request().path(), failure.toString());
            }
        }

        private void fail(int status, String detail, Duration retryAfter) {
            if (!over) {
                over = true;
                ctx.vertx().cancelTimer(timer);
                release();
                refuse(ctx, status, detail, retryAfter);
            }
        }

        private boolean reserve(int bytes) {
            if (held.addAndGet(bytes) > budget) {
                held.addAndGet(-bytes);
                return false;
            }
            reserved += bytes;
            return true;
        }

        private void release() {
            held.addAndGet(-reserved);
            reserved = 0;
        }
    }

    private void refuse(RoutingContext ctx, int status, String detail, Duration retryAfter) {
        LOG.debugf("Refused the request body to %s: %d %s", ctx.request().path(), status, detail);
        problems.end(ctx, status, detail, retryAfter, true);
    }

    private static String tooLarge(long limit) {
        return "The request body is larger than the limit of " + limit + " bytes.";
    }

    private void warnFull() {
        THROTTLED.warnf("buffer-full", "Request bodies in progress hold %d bytes, the most HTTP_BODY_BUFFER allows (%d):"
                + " refusing more with 503", held.get(), budget);
    }

    private static boolean hasBody(HttpServerRequest request, long length) {
        return length > 0 || request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING);
    }

    private static boolean isForm(HttpServerRequest request) {
        String type = request.getHeader(HttpHeaderNames.CONTENT_TYPE);
        if (type == null) {
            return false;
        }
        String media = type.toLowerCase(Locale.ROOT).strip();
        return media.startsWith("multipart/") || media.startsWith("application/x-www-form-urlencoded");
    }

    /** The announced length, or -1 for none; Vert.x refuses a malformed one itself. */
    private static long contentLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaderNames.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
