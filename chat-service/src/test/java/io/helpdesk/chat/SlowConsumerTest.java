package io.helpdesk.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.helpdesk.chat.socket.Fanout;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;

/** A client that stops reading: frames pile up unsent, and past the bound the server hangs up with 1008. */
class SlowConsumerTest {

    @Test
    void aClientThatCannotKeepUpIsClosedWith1008() {
        AtomicInteger sends = new AtomicInteger();
        AtomicReference<CloseReason> closed = new AtomicReference<>();
        WebSocketConnection stuck = (WebSocketConnection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { WebSocketConnection.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "id" -> "stuck-connection";
                    case "sendText" -> {
                        sends.incrementAndGet();
                        yield Uni.createFrom().emitter(emitter -> {
                        }); // never written: the client does not read
                    }
                    case "close" -> {
                        closed.set((CloseReason) args[0]);
                        yield Uni.createFrom().voidItem();
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });

        for (int i = 0; i < 256; i++) {
            Fanout.send(stuck, "{\"type\":\"message\"}");
        }
        assertNull(closed.get(), "256 frames in flight are still tolerated");
        Fanout.send(stuck, "{\"type\":\"message\"}");
        assertEquals(1008, closed.get().getCode());
        assertEquals("slow-consumer", closed.get().getMessage());
        assertEquals(256, sends.get());
    }
}
