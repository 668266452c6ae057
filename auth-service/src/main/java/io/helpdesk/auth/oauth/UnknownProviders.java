package io.helpdesk.auth.oauth;

import java.util.regex.Matcher;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.helpdesk.platform.web.problem.ProblemResponses;

/**
 * A sign-in with a provider this deployment does not offer is a 404 problem, answered before the
 * code flow would be asked to authenticate it.
 */
public class UnknownProviders {

    private final SignInProviders providers;
    private final ProblemResponses problems;

    public UnknownProviders(SignInProviders providers, ProblemResponses problems) {
        this.providers = providers;
        this.problems = problems;
    }

    @ServerRequestFilter(preMatching = true)
    public Response refuse(ContainerRequestContext request) {
        String method = request.getMethod();
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            return null;
        }
        String path = request.getUriInfo().getPath();
        Matcher route = ProviderTenants.ROUTE.matcher(path);
        if (!path.startsWith("/v1/user/oauth/") || (route.matches() && providers.find(route.group(1)).isPresent())) {
            return null;
        }
        return problems.response(problems.problem(404, "No such sign-in provider.",
                request.getUriInfo().getRequestUri().getRawPath()));
    }
}
