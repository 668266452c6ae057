package io.helpdesk.platform.web.problem;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Thrown by service code for an expected failure that the caller should see as a problem response:
 * a conflict, a refused operation, a throttled caller, a dependency that is down.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final URI type;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final Duration retryAfter;

    public ProblemException(int status, String detail) {
        this(status, Problem.BLANK, null, detail, List.of(), null);
    }

    public ProblemException(int status, URI type, String title, String detail, List<Problem.FieldError> errors,
            Duration retryAfter) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.retryAfter = retryAfter;
    }

    public static ProblemException tooManyRequests(String detail, Duration retryAfter) {
        return new ProblemException(429, Problem.BLANK, null, detail, List.of(), retryAfter);
    }

    public static ProblemException unavailable(String detail, Duration retryAfter) {
        return new ProblemException(503, Problem.BLANK, null, detail, List.of(), retryAfter);
    }

    public int status() {
        return status;
    }

    public URI type() {
        return type;
    }

    public String title() {
        return title;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
