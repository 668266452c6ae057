package io.helpdesk.ticket.ticket;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

public final class TicketRequests {

    private TicketRequests() {
    }

    static final String PRIORITY = "^(LOW|NORMAL|HIGH|URGENT)$";
    static final String STATUS = "^(OPEN|PENDING|RESOLVED|CLOSED)$";
    static final String TAG = "^[a-z0-9][a-z0-9-]{0,39}$";
    static final String CATEGORY = "^[A-Za-z0-9 _-]{1,60}$";

    @Schema(name = "OpenTicketRequest")
    public record Open(
            @NotBlank @Size(max = 200) String subject,
            @NotBlank @Size(max = 20000) String description,
            @Pattern(regexp = PRIORITY) String priority,
            @Pattern(regexp = CATEGORY) String category,
            @Size(max = 20) List<@Pattern(regexp = TAG) String> tags,
            @Schema(description = "Agents and admins only: open the ticket on behalf of this customer")
            @Size(max = 64) String customerId) {
    }

    @Schema(name = "ReplyRequest")
    public record Reply(
            @NotBlank @Size(max = 20000) String text,
            @Schema(description = "An internal note, never shown to the customer (agents and admins only)")
            boolean internal) {
    }

    @Schema(name = "UpdateTicketRequest", description = "Only the fields present change")
    public record Update(
            @Schema(description = "User id of an active agent or admin (else 422); an empty string unassigns") @Size(max = 64) String assigneeId,
            @Pattern(regexp = PRIORITY) String priority,
            @Pattern(regexp = CATEGORY) String category,
            @Size(max = 20) List<@Pattern(regexp = TAG) String> tags,
            @Pattern(regexp = STATUS) String status) {
    }
}
