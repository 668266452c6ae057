package io.helpdesk.notification.whatsapp;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.helpdesk.notification.config.NotificationConfig;

/**
 * Text messages through an HTTP webhook shaped like the Meta WhatsApp Cloud API
 * ({@code POST /{phone-number-id}/messages}); off unless {@code NOTIFICATIONS_WHATSAPP_ENABLED=true}.
 * Failures are retried like mail, by the delivery's own backoff.
 */
@ApplicationScoped
public class WhatsAppChannel {

    private final WhatsAppApi api;
    private final NotificationConfig.WhatsApp config;

    public WhatsAppChannel(@RestClient WhatsAppApi api, NotificationConfig config) {
        this.api = api;
        this.config = config.whatsapp();
    }

    public void send(String phone, String text) {
        String to = phone.replaceAll("[^0-9]", "");
        api.send(config.phoneNumberId().orElseThrow(() -> new IllegalStateException("No WhatsApp phone number id")),
                "Bearer " + config.token().orElse(""),
                Map.of("messaging_product", "whatsapp", "recipient_type", "individual", "to", to, "type", "text",
                        "text", Map.of("preview_url", false, "body", text)));
    }
}
