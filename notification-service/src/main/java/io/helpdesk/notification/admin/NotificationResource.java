package io.helpdesk.notification.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.bson.conversions.Bson;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.helpdesk.notification.delivery.Delivery;
import io.helpdesk.notification.delivery.DeliveryRepository;
import io.helpdesk.notification.preference.Preferences;
import io.helpdesk.platform.events.StreamConsumer;
import io.helpdesk.platform.events.Subscriptions;
import io.helpdesk.platform.events.TraceContext;
import io.helpdesk.platform.web.http.PageLinks;
import io.helpdesk.platform.web.paging.CursorPaged;
import io.helpdesk.platform.web.paging.Keyset;
import io.helpdesk.platform.web.paging.RetiredParameter;
import io.helpdesk.platform.web.problem.ProblemException;
import io.helpdesk.platform.security.CurrentCaller;
import io.helpdesk.platform.security.Roles;
import io.quarkus.security.Authenticated;

@Path("/v1/notifications")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Notifications")
public class NotificationResource {

    private final DeliveryRepository deliveries;
    private final Preferences preferences;
    private final Subscriptions subscriptions;
    private final CurrentCaller caller;

    public NotificationResource(DeliveryRepository deliveries, Preferences preferences, Subscriptions subscriptions,
            CurrentCaller caller) {
        this.deliveries = deliveries;
        this.preferences = preferences;
        this.subscriptions = subscriptions;
        this.caller = caller;
    }

    @Schema(requiredProperties = { "id", "eventId", "eventType", "template", "userId", "channel", "security", "status",
            "attempts", "lastError", "createdAt", "nextAttemptAt", "sentAt", "traceId" })
    public record DeliveryView(String id, String eventId,
            @Schema(nullable = true, description = "The event's type; null for a digest, which no single event causes") String eventType,
            String template, String userId, Delivery.Channel channel, boolean security, Delivery.Status status, int attempts,
            @Schema(nullable = true, description = "Why the last attempt failed or the delivery was not sent") String lastError,
            Instant createdAt, Instant nextAttemptAt,
            @Schema(nullable = true, implementation = String.class, format = "date-time",
                    description = "When it was sent; null until then") Instant sentAt,
            @Schema(nullable = true, description = "The W3C trace id of the request that caused the event, followed through the "
                    + "stream into this delivery and its sending; null when the event carried no trace") String traceId) {
        static DeliveryView of(Delivery d) {
            return new DeliveryView(d.id, d.eventId, d.eventType, d.template, d.userId, d.channel, d.security,
                    d.status, d.attempts, d.lastError, d.createdAt, d.nextAttemptAt, d.sentAt,
                    TraceContext.traceId(d.traceparent));
        }
    }

    @Schema(name = "DeliveryPage", requiredProperties = { "items", "next", "total" })
    public record DeliveryPage(List<DeliveryView> items, @Schema(nullable = true, description = CursorPaged.NEXT) String next,
            @Schema(nullable = true, description = "How many deliveries match, with total=true; null otherwise") Long total)
            implements CursorPaged {
    }

    public record PreferencesView(boolean ticketMail) {
    }

    @Schema(requiredProperties = { "id", "originalId", "error", "fields" })
    public record DeadMessage(String id, @Schema(nullable = true) String originalId, @Schema(nullable = true) String error,
            Map<String, String> fields) {
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "listDeliveries", summary = "The delivery log (ADMIN)",
            description = "Newest first, a page at a time by cursor; filter by status, user, template.")
    @APIResponse(responseCode = "200", description = "One page of the deliveries",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeliveryPage.class)),
            headers = @Header(name = PageLinks.HEADER, description = CursorPaged.LINKS, schema = @Schema(type = SchemaType.STRING)))
    public DeliveryPage list(
            @QueryParam("status") @Pattern(regexp = "^(QUEUED|SENDING|SENT|RETRYING|DEAD|SKIPPED|SUPPRESSED)$") String status,
            @QueryParam("userId") @Size(max = 64) String userId,
            @QueryParam("template") @Pattern(regexp = "^[a-z-]{1,40}$") String template,
            @Parameter(description = Keyset.CURSOR) @QueryParam("cursor") @Pattern(regexp = Keyset.CURSOR_PATTERN) String cursor,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size,
            @QueryParam("total") @Parameter(description = Keyset.TOTAL, schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
            @Pattern(regexp = Keyset.TOTAL_PATTERN) String total,
            @Parameter(hidden = true) @QueryParam("page") String page) {
        RetiredParameter.refuse("page", page, "replaced by cursor");
        Bson filter = DeliveryRepository.listFilter(status, userId, template);
        Keyset.Slice<Delivery> slice = deliveries.newestFirst(filter, cursor, size);
        return new DeliveryPage(slice.items().stream().map(DeliveryView::of).toList(), slice.next(),
                Keyset.total(total) ? deliveries.countMatching(filter) : null);
    }

    @POST
    @Path("/{id}/retry")
    @RolesAllowed(Roles.ADMIN)
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "retryDelivery", summary = "Send a DEAD (or SUPPRESSED, or failed) delivery again (ADMIN)")
    @APIResponse(responseCode = "200", description = "The delivery, queued again",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeliveryView.class)))
    @APIResponse(responseCode = "404", description = "No such delivery")
    @APIResponse(responseCode = "409", description = "The delivery is SENT or being sent: nothing to retry")
    public DeliveryView retry(@PathParam("id") String id) {
        Delivery delivery = deliveries.findByIdOptional(id).orElseThrow(() -> new ProblemException(404, "No such delivery."));
        if (delivery.status == Delivery.Status.SENT || delivery.status == Delivery.Status.SENDING) {
            throw new ProblemException(409, "This delivery is " + delivery.status + "; nothing to retry.");
        }
        delivery.status = Delivery.Status.QUEUED;
        delivery.attempts = 0;
        delivery.nextAttemptAt = Instant.now();
        deliveries.update(delivery);
        return DeliveryView.of(delivery);
    }

    @GET
    @Path("/dead")
    @RolesAllowed(Roles.ADMIN)
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "listDeadMessages", summary = "Messages of a stream that kept failing (ADMIN)")
    @APIResponse(responseCode = "200", description = "Up to 100 dead messages, oldest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = DeadMessage.class)))
    @APIResponse(responseCode = "404", description = "Not a stream this service consumes")
    public List<DeadMessage> dead(@QueryParam("stream") @NotNull @Pattern(regexp = "^[a-z.]{1,40}$") String stream) {
        return consumer(stream).dead(100).stream()
                .map(m -> new DeadMessage(m.id(), m.payload().get("dead.originalId"), m.payload().get("dead.error"),
                        m.payload()))
                .toList();
    }

    @POST
    @Path("/dead/{stream}/{id}/retry")
    @RolesAllowed(Roles.ADMIN)
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "retryDeadMessage", summary = "Put a dead message back on its stream (ADMIN)")
    @APIResponse(responseCode = "204", description = "Requeued")
    @APIResponse(responseCode = "404", description = "Not a stream this service consumes, or no such dead message")
    public void retryDead(@PathParam("stream") @Pattern(regexp = "^[a-z.]{1,40}$") String stream,
            @PathParam("id") @Pattern(regexp = StreamConsumer.MESSAGE_ID,
                    message = "must be a stream message id such as 1700000000000-0") String id) {
        if (!consumer(stream).retryDead(id)) {
            throw new ProblemException(404, "No such dead message.");
        }
    }

    @GET
    @Path("/preferences")
    @Authenticated
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "getPreferences", summary = "The caller's notification preferences")
    @APIResponse(responseCode = "200", description = "The preferences (everything until the caller opts out)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PreferencesView.class)))
    public PreferencesView preferences() {
        return new PreferencesView(preferences.of(caller.get().id()).ticketMail);
    }

    @PUT
    @Path("/preferences")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "updatePreferences", summary = "Change the caller's preferences", description = "Security mail (codes, password changes) always goes.")
    @APIResponse(responseCode = "200", description = "The preferences as stored",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PreferencesView.class)))
    public PreferencesView update(@Valid @NotNull PreferencesView request) {
        return new PreferencesView(preferences.set(caller.get().id(), request.ticketMail()).ticketMail);
    }

    private StreamConsumer consumer(String stream) {
        return subscriptions.consumer(stream)
                .orElseThrow(() -> new ProblemException(404, "Not a stream this service consumes."));
    }
}
