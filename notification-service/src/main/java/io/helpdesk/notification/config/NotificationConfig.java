package io.helpdesk.notification.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "notifications")
public interface NotificationConfig {

    /** Where recipients reach this service (unsubscribe links). */
    @WithDefault("http://localhost:8084")
    String publicUrl();

    /**
     * Where an invitation mail sends the invited user to set a password: the invitation token is
     * appended to it (a page that posts the token and the password to the auth-service).
     */
    @WithDefault("http://localhost:8081/v1/user/invitation?token=")
    String invitationUrl();

    /** Signs unsubscribe links; a secret. */
    String unsubscribeKey();

    Retry retry();

    Rate rate();

    WhatsApp whatsapp();

    Team team();

    interface Retry {
        /** Attempts per delivery before it is DEAD. */
        @WithDefault("10")
        int maxAttempts();

        @WithDefault("PT2S")
        Duration initialBackoff();

        @WithDefault("PT1M")
        Duration maxBackoff();
    }

    interface Rate {
        /** Security codes one address may receive per hour. */
        @WithDefault("5")
        int otpPerHour();

        /** Other mails one address may receive per hour. */
        @WithDefault("60")
        int perHour();
    }

    interface WhatsApp {
        @WithDefault("false")
        boolean enabled();

        Optional<String> phoneNumberId();

        Optional<String> token();
    }

    /** What the team (active agents and admins) hears of new tickets. */
    interface Team {
        /** {@code each}: a mail per new ticket; {@code digest}: one mail per period listing them. */
        @WithDefault("each")
        NewTickets newTickets();

        /** The digest's period. */
        @WithDefault("15m")
        Duration digestEvery();

        enum NewTickets {
            EACH, DIGEST
        }
    }
}
