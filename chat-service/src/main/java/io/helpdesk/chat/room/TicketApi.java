package io.helpdesk.chat.room;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The ticket-service's visibility route, called with chat's own SERVICE token (client-credentials
 * grant), never with a user's: 200 with the answer, 404 for a ticket that does not exist.
 */
@RegisterRestClient(configKey = "ticket-service")
@OidcClientFilter
@Path("/v1/ticket")
interface TicketApi {

    @RegisterForReflection
    record Access(String ticketId, String userId, String role, boolean visible) {
    }

    @GET
    @Path("/{id}/access")
    Response access(@PathParam("id") String ticketId, @QueryParam("userId") String userId,
            @QueryParam("role") String role);
}
