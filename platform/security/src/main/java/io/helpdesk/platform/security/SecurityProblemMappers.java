package io.helpdesk.platform.security;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.helpdesk.platform.web.problem.ProblemResponses;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/** 401 and 403 in the problem+json shape; the caller learns nothing about why a token failed. */
public class SecurityProblemMappers {

    private final ProblemResponses problems;

    public SecurityProblemMappers(ProblemResponses problems) {
        this.problems = problems;
    }

    @ServerExceptionMapper({ AuthenticationFailedException.class, UnauthorizedException.class })
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(problems.response(problems.problem(401,
                "A valid, unexpired bearer token is required.", uri.getRequestUri().getRawPath())))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return problems.response(problems.problem(403, "Your role does not allow this.",
                uri.getRequestUri().getRawPath()));
    }
}
