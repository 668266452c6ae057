package io.helpdesk.notification.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.notification.config.NotificationConfig;
import io.helpdesk.notification.directory.Recipient;
import io.helpdesk.notification.directory.RecipientRepository;
import io.helpdesk.platform.contracts.NotificationRequest;
import io.helpdesk.platform.contracts.TicketEvents;
import io.helpdesk.platform.contracts.UserEvents;
import io.helpdesk.platform.events.Received;
import io.helpdesk.platform.security.Roles;

/**
 * Turns each event into delivery records, one per (event, recipient, channel). The record is written
 * before the message is acknowledged, and its id makes a redelivered event plan nothing new: at least
 * once in, exactly once out. Each record keeps the event's trace, so the mail is sent in it.
 */
@ApplicationScoped
public class DeliveryPlanner {

    private static final String FIRST_RESPONSE = "FIRST_RESPONSE";
    /** The reasons of {@code TicketAssigned} events in which the system unassigned someone who can no longer work. */
    private static final Set<String> UNASSIGNED_BY_SYSTEM = Set.of("ASSIGNEE_DISABLED", "ASSIGNEE_DELETED",
            "ASSIGNEE_NO_LONGER_STAFF");

    private final DeliveryRepository deliveries;
    private final RecipientRepository recipients;
    private final NotificationConfig config;
    private final TeamDigest digest;

    public DeliveryPlanner(DeliveryRepository deliveries, RecipientRepository recipients, NotificationConfig config,
            TeamDigest digest) {
        this.deliveries = deliveries;
        this.recipients = recipients;
        this.config = config;
        this.digest = digest;
    }

    /** The welcome mail, the reset code, the password-changed warning, invitations and verification codes. */
    public void planUserEvent(Received<UserEvents.Payload> event) {
        UserEvents.Payload p = event.payload();
        switch (event.type()) {
            case USER_REGISTERED -> planWelcome(event);
            case USER_INVITED -> planInvitation(event);
            case EMAIL_VERIFICATION_REQUESTED -> planVerificationCode(event);
            case PASSWORD_RESET_REQUESTED -> plan(event, "reset-otp", p.userId(), p.email(), true, values(
                    "name", p.name(), "otpSealed", p.otpSealed(),
                    "expiresInMinutes", p.expiresInMinutes() == null ? 10L : p.expiresInMinutes()), List.of());
            case PASSWORD_CHANGED -> plan(event, "password-changed", p.userId(), p.email(), true,
                    values("name", p.name(), "reason", p.reason() == null ? "changed" : p.reason()), List.of());
            default -> {
            }
        }
    }

    /**
     * The welcome mail; a self sign-up's carries the code that verifies the address, and is then a
     * security mail (always sent, no unsubscribe link).
     */
    private void planWelcome(Received<UserEvents.Payload> event) {
        UserEvents.Payload p = event.payload();
        boolean withCode = p.otpSealed() != null;
        plan(event, "welcome", p.userId(), p.email(), withCode, values("name", p.name(), "otpSealed", p.otpSealed(),
                "expiresInMinutes", p.expiresInMinutes()), List.of());
    }

    /** The invitation of an account an administrator created: the set-your-password link, sealed until sent. */
    private void planInvitation(Received<UserEvents.Payload> event) {
        UserEvents.Payload p = event.payload();
        plan(event, "invitation", p.userId(), p.email(), true, values("name", p.name(), "role", p.role(),
                "otpSealed", p.otpSealed(), "invitationUrl", config.invitationUrl(),
                "expiresAt", p.expiresAt() == null ? null : p.expiresAt().toString(),
                "expiresInMinutes", p.expiresInMinutes()), List.of());
    }

    /** A new code to verify a self sign-up's address. */
    private void planVerificationCode(Received<UserEvents.Payload> event) {
        UserEvents.Payload p = event.payload();
        plan(event, "verify-email", p.userId(), p.email(), true, values("name", p.name(), "otpSealed", p.otpSealed(),
                "expiresInMinutes", p.expiresInMinutes()), List.of());
    }

    /** Who hears of a ticket's change, by its type. */
    public void planTicketEvent(Received<TicketEvents.Payload> event) {
        TicketEvents.Payload payload = event.payload();
        TicketEvents.TicketSnapshot ticket = payload.ticket();
        if (ticket == null || ticket.ticketId() == null) {
            throw new IllegalArgumentException("A ticket event without its ticket");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("ticketId", ticket.ticketId());
        values.put("subject", ticket.subject());
        values.put("status", ticket.status());
        values.put("priority", ticket.priority());
        values.put("customerId", ticket.customerId());
        Set<String> to = new LinkedHashSet<>();
        // The team's mails (a customer's reply, an assignment, a breach) go to active staff alone: anyone can be
        // made a watcher, and a customer watcher gets only what customers may see.
        boolean staffOnly = false;
        String template;
        switch (event.type()) {
            case TICKET_CREATED -> {
                template = "ticket-created";
                to.add(ticket.customerId());
                planNewTicketForTeam(event, values);
            }
            case TICKET_REPLIED -> {
                TicketEvents.Message message = payload.message();
                if (message == null || message.internal()) {
                    return; // notes stay inside the team
                }
                template = "ticket-reply";
                values.put("text", message.text());
                values.put("senderRole", message.senderRole());
                values.put("senderId", message.senderId());
                if (Roles.CUSTOMER.equals(message.senderRole())) {
                    if (ticket.assigneeId() == null) {
                        planForTeam(event, "team-reply", values, message.senderId());
                        return;
                    }
                    to.add(ticket.assigneeId());
                    staffOnly = true;
                } else {
                    to.add(ticket.customerId());
                }
                to.addAll(watchers(payload));
                to.remove(message.senderId());
            }
            case TICKET_CLOSED -> {
                template = "ticket-closed";
                to.add(ticket.customerId());
                to.addAll(watchers(payload));
                to.remove(event.actor());
            }
            case TICKET_ASSIGNED -> {
                if (ticket.assigneeId() == null) {
                    planUnassignedForTeam(event, values);
                    return;
                }
                template = "ticket-assigned";
                to.add(ticket.assigneeId());
                to.remove(event.actor());
                staffOnly = true;
            }
            case TICKET_SLA_BREACHED -> {
                boolean firstResponse = FIRST_RESPONSE.equals(payload.slaTarget());
                if (payload.slaTarget() != null) {
                    values.put("slaTarget", payload.slaTarget());
                }
                values.put("slaDueAt", String.valueOf(firstResponse ? ticket.firstResponseDueAt() : ticket.slaDueAt()));
                if (ticket.assigneeId() == null) {
                    planForTeam(event, "team-sla-breached", values);
                    return;
                }
                template = "sla-breached";
                to.add(ticket.assigneeId());
                to.addAll(watchers(payload));
                to.remove(ticket.customerId()); // the breach is the team's business
                staffOnly = true;
            }
            default -> {
                return;
            }
        }
        if (staffOnly) {
            to.retainAll(recipients.teamAmong(to));
        }
        for (String userId : to) {
            String address = userId.equals(ticket.customerId()) ? ticket.customerEmail() : null;
            plan(event, template, userId, address, false, values, List.of());
        }
    }

    /** A report or other request from another service, to one user or to everyone with a role. */
    public void planRequest(Received<NotificationRequest> event) {
        NotificationRequest request = event.payload();
        if (request.template() == null || request.userId() == null) {
            throw new IllegalArgumentException("A notification request needs a template and a userId");
        }
        Map<String, Object> values = request.values() == null ? Map.of() : request.values();
        List<NotificationRequest.Attachment> attachments = request.attachments() == null ? List.of() : request.attachments();
        if (request.userId().startsWith(NotificationRequest.ROLE_PREFIX)) {
            // Everyone active with that role, as this service's directory knows them.
            String role = request.userId().substring(NotificationRequest.ROLE_PREFIX.length());
            for (var recipient : recipients.active(role)) {
                plan(event, request.template(), recipient.id, null, false, values, attachments);
            }
            return;
        }
        plan(event, request.template(), request.userId(), null, false, values, attachments);
    }

    /**
     * A new ticket reaches the team: each active agent and admin but the one who opened it, a mail per
     * ticket or on their next digest ({@code notifications.team.new-tickets}). A ticket assigned when it
     * was opened is its assignee's alone: they get the "assigned to you" mail at once, and the rest of
     * the team is not told.
     */
    private void planNewTicketForTeam(Received<TicketEvents.Payload> event, Map<String, Object> values) {
        TicketEvents.TicketSnapshot ticket = event.payload().ticket();
        TicketEvents.Message first = event.payload().message();
        Map<String, Object> teamValues = new LinkedHashMap<>(values);
        if (first != null && !first.internal() && first.text() != null) {
            teamValues.put("text", first.text());
        }
        if (ticket.assigneeId() != null) {
            if (!ticket.assigneeId().equals(event.actor())
                    && !recipients.teamAmong(Set.of(ticket.assigneeId())).isEmpty()) {
                plan(event, "ticket-assigned", ticket.assigneeId(), null, false, teamValues, List.of());
            }
            return;
        }
        List<Recipient> members = team(event, Set.of());
        if (config.team().newTickets() == NotificationConfig.Team.NewTickets.DIGEST) {
            digest.queue(ticket, members);
            return;
        }
        for (Recipient member : members) {
            plan(event, "team-new-ticket", member.id, null, false, teamValues, List.of());
        }
    }

    /** The system took a ticket from someone who can no longer work on it: the team hears it is back in the queue. */
    private void planUnassignedForTeam(Received<TicketEvents.Payload> event, Map<String, Object> values) {
        TicketEvents.Payload payload = event.payload();
        if (payload.reason() == null || !UNASSIGNED_BY_SYSTEM.contains(payload.reason())) {
            return; // a person unassigned it: they know
        }
        Map<String, Object> teamValues = new LinkedHashMap<>(values);
        teamValues.put("reason", payload.reason());
        if (payload.previousAssigneeId() != null) {
            teamValues.put("previousAssigneeId", payload.previousAssigneeId());
        }
        planForTeam(event, "team-unassigned", teamValues, payload.previousAssigneeId());
    }

    /** A mail to every member of the team but the actor, the ticket's customer and {@code except}. */
    private void planForTeam(Received<TicketEvents.Payload> event, String template, Map<String, Object> values,
            String... except) {
        for (Recipient member : team(event, new HashSet<>(Arrays.asList(except)))) {
            plan(event, template, member.id, null, false, values, List.of());
        }
    }

    /** Active agents and admins, without the actor, the ticket's customer and {@code except}. */
    private List<Recipient> team(Received<TicketEvents.Payload> event, Set<String> except) {
        String customer = event.payload().ticket().customerId();
        return recipients.team().stream()
                .filter(member -> !member.id.equals(event.actor()) && !member.id.equals(customer)
                        && !except.contains(member.id))
                .toList();
    }

    private static List<String> watchers(TicketEvents.Payload payload) {
        return payload.watcherIds() == null ? List.of() : payload.watcherIds();
    }

    /** Template values; a field the event lacks is left out rather than failing the event. */
    private static Map<String, Object> values(Object... pairs) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                values.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return values;
    }

    private void plan(Received<?> event, String template, String userId, String to, boolean security,
            Map<String, Object> values, List<NotificationRequest.Attachment> attachments) {
        if (userId == null) {
            return;
        }
        List<Delivery.Channel> channels = new ArrayList<>(List.of(Delivery.Channel.EMAIL));
        if (config.whatsapp().enabled() && security) {
            channels.add(Delivery.Channel.WHATSAPP);
        }
        for (Delivery.Channel channel : channels) {
            Delivery delivery = new Delivery();
            delivery.id = event.eventId() + ":" + userId + ":" + channel;
            delivery.eventId = event.eventId();
            delivery.eventType = event.type().wireName();
            delivery.traceparent = event.envelope().traceparent();
            delivery.template = template;
            delivery.userId = userId;
            delivery.to = channel == Delivery.Channel.EMAIL ? to : null;
            delivery.channel = channel;
            delivery.security = security;
            delivery.values = new LinkedHashMap<>(values);
            delivery.attachments = new ArrayList<>(attachments);
            delivery.status = Delivery.Status.QUEUED;
            delivery.createdAt = Instant.now();
            delivery.nextAttemptAt = delivery.createdAt;
            deliveries.plan(delivery);
        }
    }
}
