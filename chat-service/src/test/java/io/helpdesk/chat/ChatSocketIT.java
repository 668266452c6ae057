package io.helpdesk.chat;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class ChatSocketIT extends ChatSocketTest {
}
