package io.helpdesk.platform.web.problem;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoWriteException;
import com.mongodb.MongoTimeoutException;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.helpdesk.platform.logging.ThrottledLog;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.ResponseType;

/**
 * Turns every exception that leaves a resource into an RFC 9457 problem: the caller learns what was
 * wrong with the request, never how the service is built.
 */
public class ProblemExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMappers.class);
    private static final ThrottledLog THROTTLED = ThrottledLog.of(ProblemExceptionMappers.class);
    private static final Duration DEPENDENCY_RETRY_AFTER = Duration.ofSeconds(5);
    /**
     * How the Redis client fails a command whose connection closed: queued on a closed connection, or
     * in flight when it closed. It has no exception type for either; only the messages tell.
     */
    private static final String REDIS_CONNECTION_CLOSED = "Connection is closed";
    private static final String REDIS_CONNECTION_LOST = "CONNECTION_CLOSED";

    private final ProblemResponses problems;
    private final CurrentVertxRequest current;

    public ProblemExceptionMappers(ProblemResponses problems, CurrentVertxRequest current) {
        this.problems = problems;
        this.current = current;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return problems.response(
                problems.problem(e.status(), e.type(), e.title(), e.getMessage(), path(uri), e.errors()),
                e.retryAfter());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedBody(json, uri);
        }
        if (e.getCause() instanceof ProblemException refused) {
            // A parameter converter (BoundedInstants) refused the value and said why.
            return problem(refused, uri);
        }
        if (e instanceof NotFoundException && e.getCause() != null) {
            // JAX-RS answers 404 when a query or header parameter cannot be converted; it is bad input.
            return problems.response(problems.problem(400, "A parameter has the wrong format.", path(uri)));
        }
        Response original = e.getResponse();
        int status = original.getStatus();
        if (status >= 500) {
            return serverFailure(e, uri);
        }
        Response.ResponseBuilder response = Response.fromResponse(
                problems.response(problems.problem(status, detail(e, status), path(uri))));
        for (String header : List.of(HttpHeaders.ALLOW, HttpHeaders.WWW_AUTHENTICATE, HttpHeaders.RETRY_AFTER)) {
            Object value = original.getHeaders().getFirst(header);
            if (value != null) {
                response.header(header, value);
            }
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response violations(ConstraintViolationException e, UriInfo uri) {
        return validation(e, uri);
    }

    @ServerExceptionMapper
    public Response resteasyViolations(ResteasyReactiveViolationException e, UriInfo uri) {
        return validation(e, uri);
    }

    /** Quarkus maps this subtype itself; naming it here keeps the problem shape. */
    @ServerExceptionMapper
    public Response mismatchedBody(MismatchedInputException e, UriInfo uri) {
        return malformedBody(e, uri);
    }

    @ServerExceptionMapper
    public Response malformedBody(JsonProcessingException e, UriInfo uri) {
        List<Problem.FieldError> errors = List.of();
        String detail;
        if (e instanceof JsonParseException || !(e instanceof JsonMappingException mapping)) {
            detail = "The request body is not valid JSON.";
        } else {
            String field = fieldPath(mapping);
            String reason = e instanceof UnrecognizedPropertyException ? "is not a known field"
                    : e instanceof InvalidFormatException || e instanceof MismatchedInputException
                            ? "has the wrong type or format"
                            : "cannot be read";
            detail = field.isEmpty() ? "The request body does not have the expected shape."
                    : "The request body has fields that cannot be read.";
            if (!field.isEmpty()) {
                errors = List.of(new Problem.FieldError(field, reason));
            }
        }
        return problems.response(problems.problem(400, null, null, detail, path(uri), errors));
    }

    @ServerExceptionMapper({ MongoTimeoutException.class, MongoSocketException.class, ConnectException.class })
    public Response dependencyDown(Exception e, UriInfo uri) {
        return dependencyProblem(e, uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        return serverFailure(e, uri);
    }

    private Response serverFailure(Throwable e, UriInfo uri) {
        // Clients of the stores often wrap the connection failure (CompletionException and the like);
        // a command written to a connection that is closing fails with a closed channel, one in flight
        // when the store goes away with a reset (a SocketException, as a refused connect is); a store
        // client with every connection busy and its queue full is overloaded; a store that takes the
        // connection but does not answer ends in the client's timeout (quarkus.redis.timeout): 503 for each.
        Throwable storeFailure = firstCause(e, ProblemExceptionMappers::storeUnreachable);
        if (storeFailure != null) {
            return dependencyProblem(storeFailure, uri);
        }
        if (causedBy(e, HttpClosedException.class::isInstance) && bodyCutOff()) {
            // The request's own connection closed while its body was still being read (a form cut off at its
            // deadline, or its sender gone): no one is left to answer, and nothing of the service's failed. (A
            // connection of the service's own clients that closed is not this: the request had arrived whole.)
            LOG.debugf("The connection closed before the body to %s was read", path(uri));
            return problems.response(problems.problem(400, "The connection closed before the request body arrived.", path(uri)));
        }
        if (causedBy(e, ProblemExceptionMappers::malformedMultipart)) {
            return problems.response(problems.problem(400,
                    "The multipart body is malformed or ends before its closing boundary.", path(uri)));
        }
        if (e instanceof MongoWriteException write && write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
            // Two requests raced to create the same thing; the loser's retry sees the winner's result.
            return problems.response(problems.problem(409,
                    "This conflicts with a concurrent request that created the same thing; retry.", path(uri)));
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error %s while serving %s", reference, path(uri));
        return problems.response(problems.problem(500,
                "An unexpected error occurred. Quote reference " + reference + " when reporting it.", path(uri)));
    }

    /** Whether the request being answered has not arrived whole and its connection is closed. */
    private boolean bodyCutOff() {
        RoutingContext ctx = current.getCurrent();
        return ctx != null && !ctx.request().isEnded() && ctx.response().closed();
    }

    /**
     * How RESTEasy Reactive fails a multipart body that is cut short or broken: an IOException (no
     * type of its own) or its parser's MalformedMessageException. Either is the sender's doing.
     */
    private static boolean malformedMultipart(Throwable cause) {
        String message = String.valueOf(cause.getMessage());
        return cause instanceof IOException && message.startsWith("Connection terminated") && message.contains("multipart")
                || cause.getClass().getName().endsWith("MultipartParser$MalformedMessageException");
    }

    private static boolean storeUnreachable(Throwable cause) {
        return cause instanceof MongoTimeoutException || cause instanceof MongoSocketException
                || cause instanceof SocketException || cause instanceof ClosedChannelException
                || cause instanceof ConnectionPoolTooBusyException || cause instanceof TimeoutException
                || cause instanceof io.smallrye.mutiny.TimeoutException || redisConnectionClosed(cause);
    }

    private static boolean causedBy(Throwable e, Predicate<Throwable> test) {
        return firstCause(e, test) != null;
    }

    /** The first throwable in {@code e}'s chain of causes (itself included) that passes {@code test}, or null. */
    private static Throwable firstCause(Throwable e, Predicate<Throwable> test) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (test.test(cause)) {
                return cause;
            }
        }
        return null;
    }

    private static boolean redisConnectionClosed(Throwable e) {
        return e instanceof NoStackTraceThrowable && REDIS_CONNECTION_CLOSED.equals(e.getMessage())
                || e instanceof io.vertx.redis.client.Response reply && reply.type() == ResponseType.ERROR
                        && REDIS_CONNECTION_LOST.equals(e.getMessage());
    }

    private Response dependencyProblem(Throwable e, UriInfo uri) {
        THROTTLED.warnf("dependency-unreachable:" + e.getClass().getName(),
                "A dependency is unreachable while serving %s: %s", path(uri), e.toString());
        return problems.response(problems.problem(503,
                "A service this request depends on is unavailable; try again shortly.", path(uri)),
                DEPENDENCY_RETRY_AFTER);
    }

    private Response validation(ConstraintViolationException e, UriInfo uri) {
        if (e.getConstraintViolations().stream().anyMatch(ProblemExceptionMappers::onReturnValue)) {
            // The service broke its own promise about what it returns: a bug, not bad input.
            return serverFailure(e, uri);
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            errors.add(new Problem.FieldError(fieldPath(violation.getPropertyPath()), violation.getMessage()));
        }
        errors.sort(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::detail));
        return problems.response(problems.problem(400, null, null,
                "The request has " + errors.size() + (errors.size() == 1 ? " invalid field." : " invalid fields."),
                path(uri), errors));
    }

    private static boolean onReturnValue(ConstraintViolation<?> violation) {
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }

    /** Drops the method and body-parameter nodes: {@code register.body.email} becomes {@code email}. */
    static String fieldPath(Path path) {
        List<Path.Node> nodes = new ArrayList<>();
        path.forEach(nodes::add);
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            Path.Node node = nodes.get(i);
            ElementKind kind = node.getKind();
            boolean bodyParameter = kind == ElementKind.PARAMETER && i < nodes.size() - 1;
            if (kind == ElementKind.METHOD || kind == ElementKind.CONSTRUCTOR || bodyParameter
                    || kind == ElementKind.CROSS_PARAMETER) {
                continue;
            }
            appendNode(field, node.getName(), node.getIndex(), node.getKey());
        }
        return field.isEmpty() ? "body" : field.toString();
    }

    private static String fieldPath(JsonMappingException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                appendNode(field, ref.getFieldName(), null, null);
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static void appendNode(StringBuilder field, String name, Integer index, Object key) {
        if (name != null && !name.startsWith("<")) {
            if (!field.isEmpty()) {
                field.append('.');
            }
            field.append(name);
        }
        if (index != null) {
            field.append('[').append(index).append(']');
        } else if (key != null) {
            field.append('[').append(key).append(']');
        }
    }

    private static String detail(WebApplicationException e, int status) {
        if (e instanceof NotSupportedException) {
            return "This content type is not accepted here: send application/json, or multipart/form-data where a file is uploaded.";
        }
        String message = e.getMessage();
        // JAX-RS fills in "HTTP 404 Not Found" and the like, which says nothing the status does not.
        if (message == null || message.startsWith("HTTP " + status)) {
            return switch (status) {
                case 404 -> "Nothing was found at this address.";
                case 405 -> "This method is not allowed here.";
                case 406 -> "No acceptable representation; ask for application/json.";
                case 401 -> "Authentication is required.";
                case 403 -> "You are not allowed to do this.";
                default -> null;
            };
        }
        return message;
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }
}
