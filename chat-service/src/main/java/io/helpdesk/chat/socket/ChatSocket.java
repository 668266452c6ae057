package io.helpdesk.chat.socket;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.helpdesk.chat.message.ChatMessage;
import io.helpdesk.chat.message.MessageStore;
import io.helpdesk.chat.room.Rooms;
import io.helpdesk.platform.security.RevocationCheck;
import io.helpdesk.platform.security.TokenVerifier;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * The chat protocol over one WebSocket per user session: JSON frames (see the README). The token is
 * checked at the upgrade by the same verifier as every HTTP request; a fresh one can be sent in an
 * {@code auth} frame before the old expires (the role is taken from it again and every joined room
 * checked again), otherwise the server closes with 4001. A revoked token closes the socket with
 * 4003 ({@link RevocationWatch}).
 */
@WebSocket(path = "/v1/chat")
@Authenticated
public class ChatSocket {

    public static final short TOKEN_EXPIRED = 4001;
    /** Closed for silence: no frame and no pong within the idle timeout (1001, going away). */
    public static final short IDLE = 1001;
    static final int MAX_TEXT = 4000;
    static final long TYPING_EVERY_MS = 2_000;

    @RegisterForReflection
    public record Inbound(String type, String room, String clientId, String text, Long lastSeq, Long before,
            Integer limit, String token) {
    }

    private final SecurityIdentity identity;
    private final ChatConnections open;
    private final Rooms rooms;
    private final MessageStore messages;
    private final Fanout fanout;
    private final Presence presence;
    private final Frames frames;
    private final ObjectMapper json;
    private final TokenVerifier verifier;
    private final OpenConnections connections;
    private final Duration idleTimeout;

    public ChatSocket(SecurityIdentity identity, ChatConnections open, Rooms rooms, MessageStore messages,
            Fanout fanout, Presence presence, Frames frames, ObjectMapper json, TokenVerifier verifier,
            OpenConnections connections,
            @ConfigProperty(name = "chat.idle-timeout", defaultValue = "PT90S") Duration idleTimeout) {
        this.identity = identity;
        this.open = open;
        this.rooms = rooms;
        this.messages = messages;
        this.fanout = fanout;
        this.presence = presence;
        this.frames = frames;
        this.json = json;
        this.verifier = verifier;
        this.connections = connections;
        this.idleTimeout = idleTimeout;
    }

    @OnOpen
    public String open(WebSocketConnection connection) {
        TokenVerifier.Verified token = RevocationCheck.verified(identity);
        ChatConnection state = new ChatConnection(token);
        open.put(connection.id(), state);
        return frames.frame("welcome", Map.of("userId", state.userId(), "role", state.caller().role()));
    }

    @OnTextMessage
    public String message(String raw, WebSocketConnection connection) {
        ChatConnection session = open.get(connection.id());
        if (session == null) {
            return frames.error("not-open", "The connection is not open.");
        }
        session.lastSeen = System.currentTimeMillis();
        if (!session.admit()) {
            return frames.error("rate-limited", "At most " + ChatConnection.RATE_BURST + " frames per "
                    + ChatConnection.RATE_WINDOW_MS / 1000 + " seconds.");
        }
        Inbound in;
        try {
            in = json.readValue(raw, Inbound.class);
        } catch (Exception e) {
            return frames.error("bad-frame", "A frame is a JSON object with a type.");
        }
        if (in == null || in.type() == null) {
            // The JSON text null reads as no frame at all.
            return frames.error("bad-frame", "A frame needs a type.");
        }
        return switch (in.type()) {
            case "join" -> join(connection, session, in);
            case "leave" -> leave(connection, session, in.room());
            case "message" -> send(session, in);
            case "typing" -> typing(session, in);
            case "history" -> history(session, in);
            case "auth" -> reauthenticate(connection, session, in.token());
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
    public void pong(io.vertx.core.buffer.Buffer data, WebSocketConnection connection) {
        ChatConnection session = open.get(connection.id());
        if (session != null) {
            session.lastSeen = System.currentTimeMillis();
        }
    }

    @OnClose
    public void close(WebSocketConnection connection) {
        Fanout.forget(connection.id());
        ChatConnection session = open.remove(connection.id());
        if (session != null) {
            for (String room : session.rooms) {
                fanout.remove(room, connection.id());
                presence.gone(room, session.userId());
                announcePresence(room);
            }
        }
    }

    /** Closes connections whose token expired without a fresh one; keeps presence alive for the rest. */
    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        long now = Instant.now().getEpochSecond();
        for (WebSocketConnection connection : connections.listAll()) {
            ChatConnection session = open.get(connection.id());
            if (session == null) {
                continue;
            }
            if (System.currentTimeMillis() - session.lastSeen > idleTimeout.toMillis()) {
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

    private String join(WebSocketConnection connection, ChatConnection session, Inbound in) {
        Rooms.Verdict verdict = rooms.mayJoin(in.room(), session.caller());
        if (!verdict.allowed()) {
            return frames.error(verdict.reason(), switch (verdict.reason()) {
                case "unavailable" -> "The room cannot be checked right now; try again shortly.";
                case "forbidden" -> "You may not join this room.";
                default -> "No such room.";
            });
        }
        rooms.joined(in.room(), session.userId());
        session.rooms.add(in.room());
        // Missed messages first, in order, then live ones (the connection is registered for those next).
        long after = in.lastSeq() == null ? Long.MAX_VALUE : in.lastSeq();
        List<ChatMessage> missed = after == Long.MAX_VALUE ? List.of() : messages.since(in.room(), after, 500);
        for (ChatMessage message : missed) {
            Fanout.send(connection, frames.frame("message", view(message)));
        }
        fanout.add(in.room(), connection.id());
        presence.beat(in.room(), session.userId());
        announcePresence(in.room());
        return frames.frame("joined", Map.of("room", in.room(), "replayed", missed.size()));
    }

    private String leave(WebSocketConnection connection, ChatConnection session, String room) {
        if (room == null || !session.rooms.contains(room)) {
            return frames.error("not-joined", "You are not in this room.");
        }
        depart(connection, session, room);
        return frames.frame("left", Map.of("room", room));
    }

    private void depart(WebSocketConnection connection, ChatConnection session, String room) {
        session.rooms.remove(room);
        fanout.remove(room, connection.id());
        presence.gone(room, session.userId());
        announcePresence(room);
    }

    private String send(ChatConnection session, Inbound in) {
        if (in.room() == null || !session.rooms.contains(in.room())) {
            return frames.error("not-joined", "Join the room before writing to it.");
        }
        if (in.text() == null || in.text().isBlank() || in.text().length() > MAX_TEXT) {
            return frames.error("bad-frame", "A message has 1 to " + MAX_TEXT + " characters of text.");
        }
        if (in.clientId() == null || in.clientId().isBlank() || in.clientId().length() > 100) {
            return frames.error("bad-frame", "A message needs a clientId (at most 100 characters).");
        }
        MessageStore.Stored stored = messages.append(in.room(), session.userId(), session.caller().role(), in.clientId(), in.text(), false);
        if (!stored.duplicate()) {
            fanout.publish(in.room(), messageFrame(stored.message()));
        }
        presence.beat(in.room(), session.userId());
        return frames.frame("ack", Map.of("room", in.room(), "clientId", in.clientId(), "seq", stored.message().seq,
                "duplicate", stored.duplicate()));
    }

    private String typing(ChatConnection session, Inbound in) {
        if (in.room() == null || !session.rooms.contains(in.room())) {
            return frames.error("not-joined", "Join the room first.");
        }
        long now = System.currentTimeMillis();
        Long last = session.lastTyping.get(in.room());
        if (last == null || now - last >= TYPING_EVERY_MS) {
            session.lastTyping.put(in.room(), now);
            Map<String, Object> typing = new LinkedHashMap<>();
            typing.put("type", "typing");
            typing.put("room", in.room());
            typing.put("userId", session.userId());
            fanout.publish(in.room(), typing);
        }
        return null;
    }

    private String history(ChatConnection session, Inbound in) {
        if (in.room() == null || !session.rooms.contains(in.room())) {
            return frames.error("not-joined", "Join the room first.");
        }
        int limit = in.limit() == null ? 50 : Math.max(1, Math.min(200, in.limit()));
        List<Map<String, Object>> items = new ArrayList<>();
        messages.before(in.room(), in.before(), limit).forEach(m -> items.add(view(m)));
        return frames.frame("history", Map.of("room", in.room(), "messages", items));
    }

    /**
     * A fresh token of the same user keeps the socket open past the old one's expiry. Everything is
     * taken from the fresh token: its role decides again, and every joined room is checked again;
     * the rooms it may no longer read are left, each with a {@code left} frame.
     */
    private String reauthenticate(WebSocketConnection connection, ChatConnection session, String token) {
        TokenVerifier.Verified fresh;
        try {
            fresh = verifier.verify(token);
        } catch (RuntimeException e) {
            return frames.error("bad-token", "The token is not valid for this connection.");
        }
        if (!session.userId().equals(fresh.caller().id())) {
            return frames.error("bad-token", "The token is not valid for this connection.");
        }
        session.token(fresh);
        for (String room : List.copyOf(session.rooms)) {
            Rooms.Verdict verdict = rooms.mayJoin(room, fresh.caller());
            if (!verdict.allowed() && !"unavailable".equals(verdict.reason())) {
                depart(connection, session, room);
                Fanout.send(connection, frames.frame("left", Map.of("room", room, "reason", verdict.reason())));
            }
        }
        return frames.frame("authenticated", Map.of("expiresAt", fresh.expiresAt(), "role", fresh.caller().role()));
    }

    private void announcePresence(String room) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "presence");
        frame.put("room", room);
        frame.put("online", presence.online(room));
        fanout.publish(room, frame);
    }

    public static Map<String, Object> viewOf(ChatMessage m) {
        return view(m);
    }

    static Map<String, Object> view(ChatMessage m) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("room", m.room);
        view.put("seq", m.seq);
        view.put("sender", m.senderId);
        view.put("role", m.senderRole);
        view.put("clientId", m.clientId);
        view.put("text", m.text);
        view.put("system", m.system);
        view.put("at", m.at.toString());
        return view;
    }

    public static Map<String, Object> messageFrame(ChatMessage m) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "message");
        frame.putAll(view(m));
        return frame;
    }

}
