package io.helpdesk.notification.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.notification.config.NotificationConfig;
import io.helpdesk.notification.directory.RecipientRepository;
import io.helpdesk.platform.contracts.NotificationRequest;
import io.helpdesk.platform.contracts.TicketEvents;
import io.helpdesk.platform.contracts.UserEvents;
import io.helpdesk.platform.events.Received;

/**
 * Turns each event into delivery records, one per (event, recipient, channel). The record is written
 * before the message is acknowledged, and its id makes a redelivered event plan nothing new: at least
 * once in, exactly once out. Each record keeps the event's trace, so the mail is sent in it.
 */
@ApplicationScoped
public class DeliveryPlanner {

    private final DeliveryRepository deliveries;
    private final RecipientRepository recipients;
    private final NotificationConfig config;

    public DeliveryPlanner(DeliveryRepository deliveries, RecipientRepository recipients, NotificationConfig config) {
        this.deliveries = deliveries;
        this.recipients = recipients;
        this.config = config;
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
        Set<String> to = new LinkedHashSet<>();
        String template;
        switch (event.type()) {
            case TICKET_CREATED -> {
                template = "ticket-created";
                to.add(ticket.customerId());
            }
            case TICKET_REPLIED -> {
                TicketEvents.Message message = payload.message();
                if (message == null || message.internal()) {
                    return; // notes stay inside the team
                }
                template = "ticket-reply";
                values.put("text", message.text());
                values.put("senderRole", message.senderRole());
                if ("CUSTOMER".equals(message.senderRole())) {
                    if (ticket.assigneeId() != null) {
                        to.add(ticket.assigneeId());
                    }
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
                    return;
                }
                template = "ticket-assigned";
                to.add(ticket.assigneeId());
                to.remove(event.actor());
            }
            case TICKET_SLA_BREACHED -> {
                if (ticket.assigneeId() == null) {
                    return;
                }
                template = "sla-breached";
                values.put("slaDueAt", String.valueOf(ticket.slaDueAt()));
                to.add(ticket.assigneeId());
            }
            default -> {
                return;
            }
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
