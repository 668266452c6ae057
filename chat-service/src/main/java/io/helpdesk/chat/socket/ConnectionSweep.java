package io.helpdesk.chat.socket;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.chat.config.ChatConfig;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * Every 5 seconds: closes connections gone idle or whose token expired without a fresh one, and keeps
 * presence alive in the rooms of the rest.
 */
@ApplicationScoped
public class ConnectionSweep {

    public static final short TOKEN_EXPIRED = 4001;
    /** Closed for silence: no frame and no pong within the idle timeout (1001, going away). */
    public static final short IDLE = 1001;

    private final OpenConnections connections;
    private final ChatConnections open;
    private final Presence presence;
    private final Frames frames;
    private final ChatConfig config;

    public ConnectionSweep(OpenConnections connections, ChatConnections open, Presence presence, Frames frames,
            ChatConfig config) {
        this.connections = connections;
        this.open = open;
        this.presence = presence;
        this.frames = frames;
        this.config = config;
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        long now = Instant.now().getEpochSecond();
        for (WebSocketConnection connection : connections.listAll()) {
            ChatConnection session = open.get(connection.id());
            if (session == null) {
                continue;
            }
            if (System.currentTimeMillis() - session.lastSeen > config.idleTimeout().toMillis()) {
                ChatConnections.close(connection, IDLE, "idle", null);
                continue;
            }
            if (session.token().expiresAt() <= now) {
                ChatConnections.close(connection, TOKEN_EXPIRED, "token-expired",
                        frames.error("token-expired", "The access token expired; reconnect with a new one."));
                continue;
            }
            session.rooms.forEach(room -> presence.beat(room, session.userId()));
        }
    }
}
