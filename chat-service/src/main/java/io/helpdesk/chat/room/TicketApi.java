package io.helpdesk.chat.room;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The ticket-service read route: 200 when the caller may see the ticket, 404 otherwise. */
@RegisterRestClient(configKey = "ticket-service")
@Path("/v1/ticket")
interface TicketApi {

    @GET
    @Path("/{id}")
    Response get(@HeaderParam("Authorization") String authorization, @PathParam("id") String id);
}
