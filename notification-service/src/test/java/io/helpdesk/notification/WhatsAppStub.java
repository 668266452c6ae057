package io.helpdesk.notification;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.helpdesk.platform.testing.StubServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A local stand-in for the WhatsApp Cloud API: records what it is sent and answers like it. */
public class WhatsAppStub implements QuarkusTestResourceLifecycleManager {

    record Call(String path, String authorization, String body) {
    }

    static final List<Call> CALLS = new CopyOnWriteArrayList<>();
    private StubServer server;

    @Override
    public Map<String, String> start() {
        server = StubServer.start("/", exchange -> {
            CALLS.add(new Call(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Authorization"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            StubServer.reply(exchange, 200, "application/json",
                    "{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.1\"}]}");
        });
        return Map.of("quarkus.rest-client.whatsapp.url", server.url() + "/v21.0",
                "notifications.whatsapp.enabled", "true",
                "notifications.whatsapp.phone-number-id", "1234567890",
                "notifications.whatsapp.token", "test-token");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
