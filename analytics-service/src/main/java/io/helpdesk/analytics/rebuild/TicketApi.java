package io.helpdesk.analytics.rebuild;

import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.helpdesk.platform.contracts.TicketEvents;
import io.quarkus.oidc.client.filter.OidcClientFilter;

/** The ticket-service list route, as far as a rebuild needs it, read with analytics' own SERVICE token. */
@RegisterRestClient(configKey = "ticket-service")
@OidcClientFilter
@Path("/v1/ticket")
interface TicketApi {

    /** A page of the list: its tickets and the cursor of the next page (null on the last). */
    record Page(List<Item> items, String next, Long total) {
    }

    /**
     * A ticket in the list (the ticket-service's TicketSummary); the first-response target is absent
     * from a ticket-service older than it (null).
     */
    record Item(String id, String subject, String status, String priority, String category, List<String> tags,
            String customerId, String assigneeId, Instant createdAt, Instant updatedAt, Instant firstResponseAt,
            Instant resolvedAt, Instant closedAt, Instant slaDueAt, boolean slaBreached, long version,
            Instant firstResponseDueAt, Boolean firstResponseBreached) {

        TicketEvents.TicketSnapshot snapshot() {
            return new TicketEvents.TicketSnapshot(id, subject, status, priority, category, tags, customerId, null,
                    assigneeId, createdAt, updatedAt, firstResponseAt, resolvedAt, closedAt, slaDueAt, slaBreached, false,
                    version, firstResponseDueAt, Boolean.TRUE.equals(firstResponseBreached));
        }
    }

    /** A page of the list in creation order; a cursor is valid only with the sort it was made with. */
    @GET
    Page list(@QueryParam("cursor") String cursor, @QueryParam("size") int size, @QueryParam("sort") String sort);
}
