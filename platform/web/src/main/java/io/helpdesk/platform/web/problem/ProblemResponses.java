package io.helpdesk.platform.web.problem;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.ext.web.RoutingContext;

/** Builds problem+json bodies and responses, for JAX-RS mappers and plain Vert.x handlers alike. */
@ApplicationScoped
public class ProblemResponses {

    private final ObjectMapper json;

    public ProblemResponses(ObjectMapper json) {
        this.json = json;
    }

    public static String reasonPhrase(int status) {
        return HttpResponseStatus.valueOf(status).reasonPhrase();
    }

    public Problem problem(int status, URI type, String title, String detail, String path,
            List<Problem.FieldError> errors) {
        return new Problem(type == null ? Problem.BLANK : type,
                title == null ? reasonPhrase(status) : title,
                status,
                detail,
                instance(path),
                errors == null ? List.of() : errors);
    }

    /**
     * The problem's {@code instance} from the request's path, raw or decoded: a decoded path may hold
     * spaces, control characters or a stray {@code %} that no URI allows, and a problem about an odd
     * request must never fail on it. Those characters are percent-encoded; a path that still makes no
     * URI is left out.
     */
    static URI instance(String path) {
        if (path == null) {
            return null;
        }
        try {
            return URI.create(path);
        } catch (IllegalArgumentException notAUri) {
            try {
                return new URI(null, null, path, null);
            } catch (URISyntaxException stillNot) {
                return null;
            }
        }
    }

    public Problem problem(int status, String detail, String path) {
        return problem(status, null, null, detail, path, List.of());
    }

    public String body(Problem problem) {
        try {
            return json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            // A record of strings and numbers always serialises; keep the contract even if it did not.
            return "{\"type\":\"about:blank\",\"title\":\"" + reasonPhrase(problem.status()) + "\",\"status\":"
                    + problem.status() + "}";
        }
    }

    public Response response(Problem problem, Duration retryAfter) {
        Response.ResponseBuilder builder = Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(body(problem));
        if (retryAfter != null) {
            builder.header(HttpHeaders.RETRY_AFTER, Math.max(1, retryAfter.toSeconds()));
        }
        return builder.build();
    }

    public Response response(Problem problem) {
        return response(problem, null);
    }

    /**
     * Answers a request below JAX-RS (a Vert.x route) with a problem, unless an answer has begun already.
     * With {@code hangUp} the connection closes once the answer is out: for a request whose body is left
     * unread, which would otherwise be read as the next request.
     */
    public void end(RoutingContext ctx, int status, String detail, Duration retryAfter, boolean hangUp) {
        if (ctx.response().headWritten()) {
            return;
        }
        if (hangUp) {
            // The context's end handlers, not the response's one handler, which the context's own cleanup uses.
            ctx.response().putHeader(HttpHeaderNames.CONNECTION, "close");
            ctx.addEndHandler(done -> ctx.request().connection().close());
        }
        if (retryAfter != null) {
            ctx.response().putHeader(HttpHeaderNames.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader(HttpHeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(body(problem(status, detail, ctx.request().path())));
    }
}
