package io.helpdesk.platform.web.paging;

import java.util.ArrayList;
import java.util.List;

import io.helpdesk.platform.web.problem.Problem;
import io.helpdesk.platform.web.problem.ProblemException;

/**
 * A query parameter a route took before and takes no more ({@code page} of a list now paged by cursor):
 * a request that still sends it is refused with a 400 problem naming the parameter and what replaced it,
 * rather than answered as if it had not been sent.
 */
public final class RetiredParameter {

    private RetiredParameter() {
    }

    /** Refuses the request when {@code value} (the parameter {@code name} as sent) is not null. */
    public static void refuse(String name, Object value, String replacement) {
        if (value != null) {
            throw new ProblemException(400, Problem.BLANK, null,
                    "The parameter '" + name + "' is no longer taken: it was " + replacement + ".",
                    new ArrayList<>(List.of(new Problem.FieldError(name, replacement))), null);
        }
    }
}
