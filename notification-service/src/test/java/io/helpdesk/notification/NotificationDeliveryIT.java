package io.helpdesk.notification;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class NotificationDeliveryIT extends NotificationDeliveryTest {
}
