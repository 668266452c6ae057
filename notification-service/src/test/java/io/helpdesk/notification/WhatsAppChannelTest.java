package io.helpdesk.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.helpdesk.platform.contracts.EventType;
import io.helpdesk.platform.contracts.Channels;
import io.helpdesk.platform.contracts.Sealer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(WhatsAppChannelTest.Enabled.class)
class WhatsAppChannelTest {

    public static class Enabled implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(WhatsAppStub.class));
        }
    }

    @Inject
    Sealer sealer;

    @Test
    void aResetCodeAlsoGoesByWhatsAppWhenTheChannelIsOn() throws Exception {
        String userId = UUID.randomUUID().toString();
        String email = NotificationDeliveryTest.unique("phone");
        Mails.publish(EventType.USER_REGISTERED, userId, Map.of("userId", userId,
                "email", email, "name", "Pia", "locale", "en", "role", "CUSTOMER", "phone", "+49 151 2345678"));
        NotificationDeliveryTest.awaitOne(email);
        Mails.publish(EventType.PASSWORD_RESET_REQUESTED, userId, Map.of("userId", userId,
                "email", email, "name", "Pia", "locale", "en", "role", "CUSTOMER", "phone", "+49 151 2345678",
                "otpSealed", sealer.seal("777111"), "expiresInMinutes", 10));

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(1, WhatsAppStub.CALLS.size()));
        WhatsAppStub.Call call = WhatsAppStub.CALLS.get(0);
        assertEquals("/v21.0/1234567890/messages", call.path());
        assertEquals("Bearer test-token", call.authorization());
        assertTrue(call.body().contains("\"to\":\"491512345678\"") && call.body().contains("777111")
                && call.body().contains("\"messaging_product\":\"whatsapp\""), call.body());
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(2, Mails.to(email).size()));
    }
}
