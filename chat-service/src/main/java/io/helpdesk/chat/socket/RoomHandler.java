package io.helpdesk.chat.socket;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.helpdesk.chat.message.ChatMessage;
import io.helpdesk.chat.message.MessageRepository;
import io.helpdesk.chat.message.MessageView;
import io.helpdesk.chat.people.Names;
import io.helpdesk.chat.room.Rooms;
import io.quarkus.websockets.next.WebSocketConnection;

/** The {@code join} and {@code leave} frames, and leaving every room when a socket closes; each announces presence. */
@ApplicationScoped
public class RoomHandler {

    private final Rooms rooms;
    private final MessageRepository messages;
    private final Fanout fanout;
    private final Presence presence;
    private final Frames frames;
    private final Names names;

    public RoomHandler(Rooms rooms, MessageRepository messages, Fanout fanout, Presence presence, Frames frames,
            Names names) {
        this.rooms = rooms;
        this.messages = messages;
        this.fanout = fanout;
        this.presence = presence;
        this.frames = frames;
        this.names = names;
    }

    String join(WebSocketConnection connection, ChatConnection session, Frames.Inbound in) {
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
        for (Map<String, Object> message : MessageView.of(missed, names)) {
            Fanout.send(connection, frames.frame("message", message));
        }
        fanout.add(in.room(), connection.id());
        presence.beat(in.room(), session.userId());
        announcePresence(in.room());
        return frames.frame("joined", Map.of("room", in.room(), "replayed", missed.size()));
    }

    String leave(WebSocketConnection connection, ChatConnection session, String room) {
        if (room == null || !session.rooms.contains(room)) {
            return frames.error("not-joined", "You are not in this room.");
        }
        depart(connection, session, room);
        return frames.frame("left", Map.of("room", room));
    }

    void depart(WebSocketConnection connection, ChatConnection session, String room) {
        session.rooms.remove(room);
        fanout.remove(room, connection.id());
        presence.gone(room, session.userId());
        announcePresence(room);
    }

    /** The socket closed: it is gone from each of its rooms. */
    void closed(String connectionId, ChatConnection session) {
        for (String room : session.rooms) {
            fanout.remove(room, connectionId);
            presence.gone(room, session.userId());
            announcePresence(room);
        }
    }

    private void announcePresence(String room) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "presence");
        frame.put("room", room);
        List<String> online = presence.online(room);
        Map<String, String> known = names.of(online);
        List<Map<String, Object>> members = new ArrayList<>();
        for (String id : online) {
            Map<String, Object> member = new LinkedHashMap<>();
            member.put("id", id);
            member.put("name", known.get(id));
            members.add(member);
        }
        frame.put("online", online);
        frame.put("members", members);
        fanout.publish(room, frame);
    }
}
