package io.helpdesk.chat.socket;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.helpdesk.chat.message.ChatMessage;
import io.helpdesk.chat.message.MessageStore;
import io.helpdesk.chat.room.Rooms;
import io.helpdesk.security.RevocationStore;
import io.helpdesk.security.Roles;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * The chat protocol over one WebSocket per user session: JSON frames (see the README). The token is
 * checked at the upgrade; a fresh one can be sent in an {@code auth} frame before the old expires,
 * otherwise the server closes with 4001.
 */
@WebSocket(path = "/v1/chat")
@Authenticated
public class ChatSocket {

    public static final short TOKEN_EXPIRED = 4001;
    /** Closed for silence: no frame and no pong within the idle timeout (1001, going away). */
    public static final short IDLE = 1001;
    static final int MAX_TEXT = 4000;
    static final int RATE_BURST = 20;
    static final long RATE_WINDOW_MS = 10_000;
    static final long TYPING_EVERY_MS = 2_000;

    /** What the server remembers of one connection. */
    static final class Session {
        final String userId;
        final String role;
        volatile String authorization;
        volatile long expiresAt;
        final Set<String> rooms = ConcurrentHashMap.newKeySet();
        final Map<String, Long> lastTyping = new ConcurrentHashMap<>();
        volatile long lastSeen = System.currentTimeMillis();
        long windowStart;
        int inWindow;

        Session(String userId, String role, String authorization, long expiresAt) {
            this.userId = userId;
            this.role = role;
            this.authorization = authorization;
            this.expiresAt = expiresAt;
        }

        synchronized boolean admit() {
            long now = System.currentTimeMillis();
            if (now - windowStart > RATE_WINDOW_MS) {
                windowStart = now;
                inWindow = 0;
            }
            return ++inWindow <= RATE_BURST;
        }
    }

    @RegisterForReflection
    public record Inbound(String type, String room, String clientId, String text, Long lastSeq, Long before,
            Integer limit, String token) {
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    @Inject
    SecurityIdentity identity;

    @Inject
    Rooms rooms;

    @Inject
    MessageStore messages;

    @Inject
    Fanout fanout;

    @Inject
    Presence presence;

    @Inject
    ObjectMapper json;

    @Inject
    JWTParser parser;

    @Inject
    RevocationStore revocations;

    @Inject
    OpenConnections connections;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "chat.idle-timeout", defaultValue = "PT90S")
    java.time.Duration idleTimeout;

    @OnOpen
    public String open(WebSocketConnection connection) {
        JsonWebToken token = (JsonWebToken) identity.getPrincipal();
        String role = Roles.highest(token.getGroups());
        sessions.put(connection.id(), new Session(token.getSubject(), role, "Bearer " + token.getRawToken(),
                token.getExpirationTime()));
        return frame("welcome", Map.of("userId", token.getSubject(), "role", role));
    }

    @OnTextMessage
    public String message(String raw, WebSocketConnection connection) {
        Session session = sessions.get(connection.id());
        if (session == null) {
            return error("not-open", "The connection is not open.");
        }
        session.lastSeen = System.currentTimeMillis();
        if (!session.admit()) {
            return error("rate-limited", "At most " + RATE_BURST + " frames per " + RATE_WINDOW_MS / 1000 + " seconds.");
        }
        Inbound in;
        try {
            in = json.readValue(raw, Inbound.class);
        } catch (Exception e) {
            return error("bad-frame", "A frame is a JSON object with a type.");
        }
        if (in.type() == null) {
            return error("bad-frame", "A frame needs a type.");
        }
        return switch (in.type()) {
            case "join" -> join(connection, session, in);
            case "leave" -> leave(connection, session, in.room());
            case "message" -> send(session, in);
            case "typing" -> typing(session, in);
            case "history" -> history(session, in);
            case "auth" -> reauthenticate(session, in.token());
            case "ping" -> frame("pong", Map.of());
            default -> error("bad-frame", "Unknown frame type '" + in.type() + "'.");
        };
    }

    /** A frame over the size limit: close with 1009 (message too big), as RFC 6455 says. */
    @OnError
    public void tooBig(IllegalStateException e, WebSocketConnection connection) {
        short code = e.getMessage() != null && e.getMessage().contains("max message size") ? (short) 1009 : (short) 1011;
        connection.close(new CloseReason(code, code == 1009 ? "frame-too-large" : "error")).subscribe().with(x -> {
        }, x -> {
        });
    }

    /** Pongs answer the server's pings ({@code CHAT_PING_INTERVAL}); a client that stops answering goes idle. */
    @OnPongMessage
    public void pong(io.vertx.core.buffer.Buffer data, WebSocketConnection connection) {
        Session session = sessions.get(connection.id());
        if (session != null) {
            session.lastSeen = System.currentTimeMillis();
        }
    }

    @OnClose
    public void close(WebSocketConnection connection) {
        Fanout.forget(connection.id());
        Session session = sessions.remove(connection.id());
        if (session != null) {
            for (String room : session.rooms) {
                fanout.remove(room, connection.id());
                presence.gone(room, session.userId);
                announcePresence(room);
            }
        }
    }

    /** Closes connections whose token expired without a fresh one; keeps presence alive for the rest. */
    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        long now = Instant.now().getEpochSecond();
        for (WebSocketConnection connection : connections.listAll()) {
            Session session = sessions.get(connection.id());
            if (session == null) {
                continue;
            }
            if (System.currentTimeMillis() - session.lastSeen > idleTimeout.toMillis()) {
                connection.close(new CloseReason(IDLE, "idle")).subscribe().with(x -> {
                }, x -> {
                });
                continue;
            }
            if (session.expiresAt <= now) {
                Fanout.send(connection, error("token-expired", "The access token expired; reconnect with a new one."));
                connection.close(new CloseReason(TOKEN_EXPIRED, "token-expired")).subscribe().with(x -> {
                }, x -> {
                });
                continue;
            }
            session.rooms.forEach(room -> presence.beat(room, session.userId));
        }
    }

    private String join(WebSocketConnection connection, Session session, Inbound in) {
        Rooms.Verdict verdict = rooms.mayJoin(in.room(), session.userId, session.role, session.authorization);
        if (!verdict.allowed()) {
            return error(verdict.reason(), switch (verdict.reason()) {
                case "unavailable" -> "The room cannot be checked right now; try again shortly.";
                case "forbidden" -> "You may not join this room.";
                default -> "No such room.";
            });
        }
        rooms.joined(in.room(), session.userId);
        session.rooms.add(in.room());
        // Missed messages first, in order, then live ones (the connection is registered for those next).
        long after = in.lastSeq() == null ? Long.MAX_VALUE : in.lastSeq();
        List<ChatMessage> missed = after == Long.MAX_VALUE ? List.of() : messages.since(in.room(), after, 500);
        for (ChatMessage message : missed) {
            Fanout.send(connection, frame("message", view(message)));
        }
        fanout.add(in.room(), connection.id());
        presence.beat(in.room(), session.userId);
        announcePresence(in.room());
        return frame("joined", Map.of("room", in.room(), "replayed", missed.size()));
    }

    private String leave(WebSocketConnection connection, Session session, String room) {
        if (room == null || !session.rooms.remove(room)) {
            return error("not-joined", "You are not in this room.");
        }
        fanout.remove(room, connection.id());
        presence.gone(room, session.userId);
        announcePresence(room);
        return frame("left", Map.of("room", room));
    }

    private String send(Session session, Inbound in) {
        if (in.room() == null || !session.rooms.contains(in.room())) {
            return error("not-joined", "Join the room before writing to it.");
        }
        if (in.text() == null || in.text().isBlank() || in.text().length() > MAX_TEXT) {
            return error("bad-frame", "A message has 1 to " + MAX_TEXT + " characters of text.");
        }
        if (in.clientId() == null || in.clientId().isBlank() || in.clientId().length() > 100) {
            return error("bad-frame", "A message needs a clientId (at most 100 characters).");
        }
        MessageStore.Stored stored = messages.append(in.room(), session.userId, session.role, in.clientId(), in.text(), false);
        if (!stored.duplicate()) {
            fanout.publish(in.room(), messageFrame(stored.message()));
        }
        presence.beat(in.room(), session.userId);
        return frame("ack", Map.of("room", in.room(), "clientId", in.clientId(), "seq", stored.message().seq,
                "duplicate", stored.duplicate()));
    }

    private String typing(Session session, Inbound in) {
        if (in.room() == null || !session.rooms.contains(in.room())) {
            return error("not-joined", "Join the room first.");
        }
        long now = System.currentTimeMillis();
        Long last = session.lastTyping.get(in.room());
        if (last == null || now - last >= TYPING_EVERY_MS) {
            session.lastTyping.put(in.room(), now);
            Map<String, Object> typing = new LinkedHashMap<>();
            typing.put("type", "typing");
            typing.put("room", in.room());
            typing.put("userId", session.userId);
            fanout.publish(in.room(), typing);
        }
        return null;
    }

    private String history(Session session, Inbound in) {
        if (in.room() == null || !session.rooms.contains(in.room())) {
            return error("not-joined", "Join the room first.");
        }
        int limit = in.limit() == null ? 50 : Math.max(1, Math.min(200, in.limit()));
        List<Map<String, Object>> items = new ArrayList<>();
        messages.before(in.room(), in.before(), limit).forEach(m -> items.add(view(m)));
        return frame("history", Map.of("room", in.room(), "messages", items));
    }

    private String reauthenticate(Session session, String token) {
        try {
            JsonWebToken fresh = parser.parse(token);
            if (!session.userId.equals(fresh.getSubject())
                    || revocations.isRevoked(fresh.getTokenID(), fresh.getSubject(), fresh.getIssuedAtTime())) {
                return error("bad-token", "The token is not valid for this connection.");
            }
            session.expiresAt = fresh.getExpirationTime();
            session.authorization = "Bearer " + token;
            return frame("authenticated", Map.of("expiresAt", session.expiresAt));
        } catch (ParseException | RuntimeException e) {
            return error("bad-token", "The token is not valid for this connection.");
        }
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

    private String frame(String type, Map<String, Object> fields) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", type);
        frame.putAll(fields);
        return fanout.write(frame);
    }

    private String error(String code, String message) {
        return frame("error", Map.of("code", code, "message", message));
    }
}
