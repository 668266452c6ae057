package io.helpdesk.chat.socket;

import java.util.LinkedHashMap;
import java.util.Map;

import io.helpdesk.chat.people.Names;
import io.helpdesk.platform.security.RevocationCheck;
import io.helpdesk.platform.security.TokenVerifier;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.buffer.Buffer;

/**
 * The chat protocol over one WebSocket per user session: JSON frames (see the README), each handed to
 * the handler of its type. The token is checked at the upgrade by the same verifier as every HTTP
 * request; a fresh one can be sent in an {@code auth} frame ({@link AuthHandler}) before the old
 * expires, otherwise the server closes with 4001 ({@link ConnectionSweep}). A revoked token closes the
 * socket with 4003 ({@link RevocationWatch}).
 */
@WebSocket(path = "/v1/chat")
@Authenticated
public class ChatSocket {

    private final SecurityIdentity identity;
    private final ChatConnections open;
    private final Frames frames;
    private final RoomHandler rooms;
    private final MessageHandler messages;
    private final AuthHandler auth;
    private final Names names;

    public ChatSocket(SecurityIdentity identity, ChatConnections open, Frames frames, RoomHandler rooms,
            MessageHandler messages, AuthHandler auth, Names names) {
        this.identity = identity;
        this.open = open;
        this.frames = frames;
        this.rooms = rooms;
        this.messages = messages;
        this.auth = auth;
        this.names = names;
    }

    @OnOpen
    public String open(WebSocketConnection connection) {
        TokenVerifier.Verified token = RevocationCheck.verified(identity);
        // The name is looked up once here (and again on an auth frame), not for every frame the socket sends.
        ChatConnection state = new ChatConnection(connection, token, names.of(token.caller().id()));
        open.put(connection.id(), state);
        Map<String, Object> welcome = new LinkedHashMap<>();
        welcome.put("userId", state.userId());
        welcome.put("name", state.name());
        welcome.put("role", state.caller().role());
        return frames.frame("welcome", welcome);
    }

    @OnTextMessage
    public String message(String raw, WebSocketConnection connection) {
        ChatConnection session = open.get(connection.id());
        if (session == null) {
            return frames.error("not-open", "The connection is not open.");
        }
        session.seen();
        if (!session.admit()) {
            return frames.error("rate-limited", "At most " + ChatConnection.RATE_BURST + " frames per "
                    + ChatConnection.RATE_WINDOW_MS / 1000 + " seconds.");
        }
        Frames.Inbound in;
        try {
            in = frames.read(raw);
        } catch (Frames.BadFrame e) {
            return frames.error("bad-frame", e.getMessage());
        }
        return switch (in.type()) {
            case "join" -> rooms.join(connection, session, in);
            case "leave" -> rooms.leave(connection, session, in.room());
            case "message" -> messages.send(session, in);
            case "typing" -> messages.typing(session, in);
            case "history" -> messages.history(session, in);
            case "auth" -> auth.reauthenticate(connection, session, in.token());
            case "ping" -> frames.frame("pong", Map.of());
            default -> frames.error("bad-frame", "Unknown frame type '" + in.type() + "'.");
        };
    }

    /** A frame over the size limit: close with 1009 (message too big), as RFC 6455 says. */
    @OnError
    public void tooBig(IllegalStateException e, WebSocketConnection connection) {
        boolean tooBig = e.getMessage() != null && e.getMessage().contains("max message size");
        ChatConnections.close(connection, tooBig ? (short) 1009 : (short) 1011, tooBig ? "frame-too-large" : "error", null);
    }

    /** Pongs answer the server's pings ({@code CHAT_PING_INTERVAL}); a client that stops answering goes idle. */
    @OnPongMessage
    public void pong(Buffer data, WebSocketConnection connection) {
        ChatConnection session = open.get(connection.id());
        if (session != null) {
            session.seen();
        }
    }

    @OnClose
    public void close(WebSocketConnection connection) {
        Fanout.forget(connection.id());
        ChatConnection session = open.remove(connection.id());
        if (session != null) {
            rooms.closed(connection.id(), session);
        }
    }
}
