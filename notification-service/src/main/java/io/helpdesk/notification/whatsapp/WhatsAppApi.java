package io.helpdesk.notification.whatsapp;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The message endpoint of the WhatsApp Cloud API (or anything shaped like it). */
@RegisterRestClient(configKey = "whatsapp")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
interface WhatsAppApi {

    @POST
    @Path("/{phoneNumberId}/messages")
    Map<String, Object> send(@PathParam("phoneNumberId") String phoneNumberId,
            @HeaderParam("Authorization") String authorization, Map<String, Object> message);
}
