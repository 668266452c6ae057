package io.helpdesk.chat.socket;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;

/** This instance's open sockets by connection id, and the one way to close one with a reason. */
@ApplicationScoped
public class ChatConnections {

    private final Map<String, ChatConnection> open = new ConcurrentHashMap<>();
    private final OpenConnections connections;

    public ChatConnections(OpenConnections connections) {
        this.connections = connections;
    }

    void put(String connectionId, ChatConnection connection) {
        open.put(connectionId, connection);
    }

    ChatConnection get(String connectionId) {
        return open.get(connectionId);
    }

    ChatConnection remove(String connectionId) {
        return open.remove(connectionId);
    }

    Map<String, ChatConnection> all() {
        return open;
    }

    /** Sends a last error frame (when given) and closes with the code; a socket already gone is left alone. */
    void close(String connectionId, short code, String reason, String lastFrame) {
        ChatConnection known = open.get(connectionId);
        if (known != null) {
            close(known.socket, code, reason, lastFrame);
        } else {
            connections.findByConnectionId(connectionId).ifPresent(connection -> close(connection, code, reason, lastFrame));
        }
    }

    static void close(WebSocketConnection connection, short code, String reason, String lastFrame) {
        if (lastFrame != null) {
            Fanout.send(connection, lastFrame);
        }
        connection.close(new CloseReason(code, reason)).subscribe().with(x -> {
        }, x -> {
        });
    }
}
