package io.helpdesk.platform.web.input;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;

import io.helpdesk.platform.web.problem.Problem;
import io.helpdesk.platform.web.problem.ProblemException;

/**
 * Every {@link Instant} query or path parameter is an ISO-8601 instant between
 * {@value #EARLIEST} and {@value #LATEST}: a far-out value (year -999999999) would otherwise reach
 * date arithmetic and the stores, which overflow on it. Outside the bounds is a 400 problem naming
 * the parameter.
 */
@Provider
public class BoundedInstants implements ParamConverterProvider {

    static final String EARLIEST = "1970-01-01T00:00:00Z";
    static final String LATEST = "9999-12-31T23:59:59.999999999Z";
    public static final Instant MIN = Instant.parse(EARLIEST);
    public static final Instant MAX = Instant.parse(LATEST);

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        if (rawType != Instant.class) {
            return null;
        }
        String name = name(annotations);
        return (ParamConverter<T>) new ParamConverter<Instant>() {
            @Override
            public Instant fromString(String value) {
                return value == null ? null : parse(name, value);
            }

            @Override
            public String toString(Instant value) {
                return value.toString();
            }
        };
    }

    /** The instant a parameter names, or a 400 problem for {@code field}. */
    public static Instant parse(String field, String value) {
        Instant instant;
        try {
            instant = Instant.parse(value.strip());
        } catch (DateTimeException e) {
            throw refused(field, "must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
        }
        return checked(field, instant);
    }

    /** The instant itself when it lies within the bounds, or a 400 problem for {@code field}. */
    public static Instant checked(String field, Instant instant) {
        if (instant != null && (instant.isBefore(MIN) || instant.isAfter(MAX))) {
            throw refused(field, "must lie between " + EARLIEST + " and " + LATEST);
        }
        return instant;
    }

    private static ProblemException refused(String field, String reason) {
        return new ProblemException(400, Problem.BLANK, null, "The request has 1 invalid field.",
                List.of(new Problem.FieldError(field, reason)), null);
    }

    private static String name(Annotation[] annotations) {
        for (Annotation annotation : annotations == null ? new Annotation[0] : annotations) {
            if (annotation instanceof QueryParam query) {
                return query.value();
            }
            if (annotation instanceof PathParam path) {
                return path.value();
            }
        }
        return "instant";
    }
}
