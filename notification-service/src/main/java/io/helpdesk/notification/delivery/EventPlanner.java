package io.helpdesk.notification.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.helpdesk.platform.contracts.Channels;
import io.helpdesk.platform.events.EventEnvelope;
import io.helpdesk.platform.contracts.NotificationRequest;
import io.helpdesk.platform.contracts.TicketEvents;
import io.helpdesk.notification.config.NotificationConfig;
import io.helpdesk.notification.directory.RecipientDirectory;
import io.helpdesk.notification.directory.RecipientRepository;
import io.helpdesk.platform.events.Events;
import io.helpdesk.platform.events.StreamConsumer;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Reads the three streams with this service's consumer group and turns each event into delivery
 * records, one per (event, recipient, channel). The record is written before the message is
 * acknowledged, and its id makes a redelivered event plan nothing new: at least once in, exactly once out.
 */
@ApplicationScoped
public class EventPlanner {

    public static final String GROUP = "notification-service";

    private final DeliveryRepository deliveries;
    private final RecipientRepository recipients;
    private final RecipientDirectory directory;
    private final Events events;
    private final NotificationConfig config;
    private final List<StreamConsumer> consumers = new ArrayList<>();
    private final Map<String, StreamConsumer.Handler> handlers = new LinkedHashMap<>();

    public EventPlanner(DeliveryRepository deliveries, RecipientRepository recipients, RecipientDirectory directory,
            Events events, NotificationConfig config, RedisDataSource redis, MeterRegistry metrics) {
        this.deliveries = deliveries;
        this.recipients = recipients;
        this.directory = directory;
        this.events = events;
        this.config = config;
        String consumer = StreamConsumer.consumerName("notification");
        for (String stream : List.of(Channels.USERS_STREAM, Channels.TICKETS_STREAM, Channels.NOTIFICATION_REQUESTS_STREAM)) {
            consumers.add(new StreamConsumer(redis, metrics, stream, GROUP, consumer, config.consumer().maxDeliveries(),
                    config.consumer().claimAfter()));
        }
        handlers.put(Channels.USERS_STREAM, (id, fields) -> onUserEvent(read(fields)));
        handlers.put(Channels.TICKETS_STREAM, (id, fields) -> onTicketEvent(read(fields)));
        handlers.put(Channels.NOTIFICATION_REQUESTS_STREAM, (id, fields) -> onRequest(read(fields)));
    }

    void start(@Observes StartupEvent started) {
        consumers.forEach(StreamConsumer::ensureGroup);
    }

    @Scheduled(every = "${notifications.consumer.poll-every:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        pollOnce();
    }

    /** One round over every stream; returns how many messages were handled. */
    public int pollOnce() {
        int handled = 0;
        for (StreamConsumer consumer : consumers) {
            consumer.ensureGroup();
            handled += consumer.poll(handlers.get(consumer.stream()), config.consumer().batch());
        }
        return handled;
    }

    public StreamConsumer consumer(String stream) {
        return consumers.stream().filter(c -> c.stream().equals(stream)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Not a consumed stream: " + stream));
    }

    public List<String> streams() {
        return consumers.stream().map(StreamConsumer::stream).toList();
    }

    private EventEnvelope read(Map<String, String> fields) {
        String envelope = fields.get("envelope");
        if (envelope == null) {
            throw new IllegalArgumentException("The message has no envelope");
        }
        EventEnvelope event = events.read(envelope);
        if (event.id() == null || event.type() == null || event.payload() == null) {
            throw new IllegalArgumentException("The envelope lacks an id, a type or a payload");
        }
        return event;
    }

    void onUserEvent(EventEnvelope event) {
        directory.apply(event);
        Map<String, Object> p = event.payload();
        String userId = (String) p.get("userId");
        String email = (String) p.get("email");
        switch (event.type()) {
            case "UserRegistered" -> plan(event, "welcome", userId, email, false, Map.of("name", p.get("name")), List.of());
            case "PasswordResetRequested" -> plan(event, "reset-otp", userId, email, true, Map.of(
                    "name", p.get("name"), "otpSealed", p.get("otpSealed"),
                    "expiresInMinutes", p.getOrDefault("expiresInMinutes", 10)), List.of());
            case "PasswordChanged" -> plan(event, "password-changed", userId, email, true,
                    Map.of("name", p.get("name"), "reason", p.getOrDefault("reason", "changed")), List.of());
            default -> {
            }
        }
    }

    void onTicketEvent(EventEnvelope event) {
        TicketEvents.Payload payload = events.payload(event, TicketEvents.Payload.class);
        TicketEvents.TicketSnapshot ticket = payload.ticket();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("ticketId", ticket.ticketId());
        values.put("subject", ticket.subject());
        values.put("status", ticket.status());
        values.put("priority", ticket.priority());
        Set<String> to = new LinkedHashSet<>();
        String template;
        switch (event.type()) {
            case TicketEvents.CREATED -> {
                template = "ticket-created";
                to.add(ticket.customerId());
            }
            case TicketEvents.REPLIED -> {
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
            case TicketEvents.CLOSED -> {
                template = "ticket-closed";
                to.add(ticket.customerId());
                to.addAll(watchers(payload));
                to.remove(event.actor());
            }
            case TicketEvents.ASSIGNED -> {
                if (ticket.assigneeId() == null) {
                    return;
                }
                template = "ticket-assigned";
                to.add(ticket.assigneeId());
                to.remove(event.actor());
            }
            case TicketEvents.SLA_BREACHED -> {
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

    void onRequest(EventEnvelope event) {
        NotificationRequest request = events.payload(event, NotificationRequest.class);
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

    private void plan(EventEnvelope event, String template, String userId, String to, boolean security,
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
            delivery.id = event.id() + ":" + userId + ":" + channel;
            delivery.eventId = event.id();
            delivery.eventType = event.type();
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
