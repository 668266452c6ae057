package io.helpdesk.platform.web.input;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.helpdesk.platform.web.problem.Problem;
import io.helpdesk.platform.web.problem.ProblemException;

/**
 * No query or path parameter carries a control character (NUL included) or half a surrogate pair:
 * such a value is never a valid id, filter or search term, and a store or a regular expression
 * may fail on it. Refused with a 400 problem naming the parameter, before any resource runs.
 */
public class PlainTextParameters {

    @ServerRequestFilter
    public void refuseControlCharacters(ContainerRequestContext request) {
        check("", request.getUriInfo().getQueryParameters(true));
        check("", request.getUriInfo().getPathParameters(true));
    }

    private static void check(String prefix, MultivaluedMap<String, String> parameters) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            for (String value : parameter.getValue()) {
                if (value != null && !PlainText.isPlain(value, false)) {
                    throw new ProblemException(400, Problem.BLANK, null, "The request has 1 invalid field.",
                            List.of(new Problem.FieldError(prefix + parameter.getKey(),
                                    "must not contain control characters")), null);
                }
            }
        }
    }
}
