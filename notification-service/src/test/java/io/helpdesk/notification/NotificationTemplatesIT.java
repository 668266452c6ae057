package io.helpdesk.notification;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class NotificationTemplatesIT extends NotificationTemplatesTest {
}
