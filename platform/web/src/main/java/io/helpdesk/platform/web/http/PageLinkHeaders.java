package io.helpdesk.platform.web.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

import io.helpdesk.platform.web.paging.CursorPaged;

/** The {@code Link} header of every 200 answer that is a {@link CursorPaged} page, unless the route set one. */
@Provider
public class PageLinkHeaders implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() == 200 && response.getEntity() instanceof CursorPaged page
                && !response.getHeaders().containsKey(PageLinks.HEADER)) {
            response.getHeaders().putSingle(PageLinks.HEADER,
                    PageLinks.of(request.getUriInfo().getRequestUri()).cursor(page.next()));
        }
    }
}
