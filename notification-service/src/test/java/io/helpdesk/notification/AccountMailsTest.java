package io.helpdesk.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.contracts.Sealer;
import io.helpdesk.platform.contracts.UserEvents;
import io.quarkus.test.junit.QuarkusTest;

/** The mails of onboarding: the invitation, the sign-up's verification code, a new code. */
@QuarkusTest
class AccountMailsTest {

    private final Sealer sealer = Sealer.fromBase64(
            ConfigProvider.getConfig().getValue("helpdesk.events.sealing-key", String.class));

    @Test
    void anInvitationMailsTheSetYourPasswordLinkWithTheOpenedToken() throws Exception {
        String userId = UUID.randomUUID().toString();
        String email = NotificationDeliveryTest.unique("invited");
        String token = "tK3n-" + UUID.randomUUID().toString().replace("-", "");
        Instant expiresAt = Instant.parse("2031-05-04T10:15:00Z");
        Mails.publish(EventType.USER_INVITED, userId, UserEvents.Payload.account(userId, email, "Ines", "en", "AGENT",
                null, null, null, "INVITED", false).withCode(sealer.seal(token), expiresAt, 7 * 24 * 60));

        Mails.Received mail = NotificationDeliveryTest.awaitOne(email);
        assertEquals("You are invited to Helpdesk", mail.subject());
        String link = "http://localhost:8081/v1/user/invitation?token=" + token;
        assertTrue(mail.html().contains("href=\"" + link + "\"") && mail.html().contains("Set your password"), mail.html());
        assertTrue(mail.html().contains("Hello Ines,") && mail.html().contains("role AGENT"), mail.html());
        assertTrue(mail.html().contains("expires in 7 days (2031-05-04 10:15 UTC)"), mail.html());
        assertTrue(mail.text().contains("Set your password: " + link), mail.text());
        assertTrue(mail.text().contains("invitation token: " + token), mail.text());
        assertNull(mail.listUnsubscribe(), "an invitation is a security mail");
    }

    @Test
    void aSelfSignUpsWelcomeCarriesTheVerificationCode() throws Exception {
        String userId = UUID.randomUUID().toString();
        String email = NotificationDeliveryTest.unique("signup");
        Mails.publish(EventType.USER_REGISTERED, userId, UserEvents.Payload.account(userId, email, "Sami", "en",
                "CUSTOMER", null, null, null, "ACTIVE", false)
                .withCode(sealer.seal("604219"), Instant.now().plus(24, ChronoUnit.HOURS), 24 * 60));

        Mails.Received mail = NotificationDeliveryTest.awaitOne(email);
        assertEquals("Welcome to Helpdesk", mail.subject());
        assertTrue(mail.html().contains("604219") && mail.html().contains("expires in 24 hours"), mail.html());
        assertTrue(mail.text().contains("604219"), mail.text());
        assertNull(mail.listUnsubscribe(), "a mail with a code has no unsubscribe link");
    }

    @Test
    void aNewVerificationCodeArrivesInTheUsersLanguage() throws Exception {
        String userId = UUID.randomUUID().toString();
        String email = NotificationDeliveryTest.unique("nochmal");
        Mails.publish(EventType.EMAIL_VERIFICATION_REQUESTED, userId, UserEvents.Payload.account(userId, email, "Greta",
                "de", "CUSTOMER", null, null, null, "ACTIVE", false)
                .withCode(sealer.seal("317705"), Instant.now().plus(24, ChronoUnit.HOURS), 24 * 60));

        Mails.Received mail = NotificationDeliveryTest.awaitOne(email);
        assertEquals("Bestätigen Sie Ihre E-Mail-Adresse", mail.subject());
        assertTrue(mail.html().contains("317705") && mail.html().contains("24 Stunden"), mail.html());
        assertTrue(mail.text().contains("317705"), mail.text());
        assertFalse(mail.html().contains("otpSealed"), mail.html());
    }
}
